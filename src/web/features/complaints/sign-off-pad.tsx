/**
 * The customer's sign-off (SVC-5): a typed name and date, a signature drawn on the phone or tablet
 * (react-signature-canvas), or an uploaded scan. A drawn or scanned signature is filed as an image
 * document in the customer's archive (ARC-6 rules: checksummed, type sniffed) and referenced by id.
 */
import { UploadOutlined } from '@ant-design/icons';
import { Button, DatePicker, Flex, Form, Input, Segmented, Typography, Upload } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import SignatureCanvasModule from 'react-signature-canvas';
import { upload } from '../../api.js';

// the package is a UMD bundle: the production build hands over its exports object, not the class
type SignatureCanvas = SignatureCanvasModule;
const SignatureCanvas = ((SignatureCanvasModule as unknown as { default?: typeof SignatureCanvasModule }).default ?? SignatureCanvasModule) as typeof SignatureCanvasModule;

export type SignOffValue = { kind: 'typed' | 'drawn' | 'scan'; name: string; date: Dayjs };

/** Files the drawn or scanned signature (if any) and answers the sign-off of the transition body. */
export type SignOffHandle = { collect: (customerId: string | null, complaintNo: string, v: SignOffValue) => Promise<{ name: string; date: string; kind: SignOffValue['kind']; documentId?: string }> };

export const useSignOff = () => {
  const { t } = useTranslation();
  const pad = useRef<SignatureCanvas | null>(null);
  const [scan, setScan] = useState<File | null>(null);
  const collect: SignOffHandle['collect'] = async (customerId, complaintNo, v) => {
    const base = { name: v.name, date: v.date.format('YYYY-MM-DD'), kind: v.kind };
    if (v.kind === 'typed' || !customerId) return base;
    let file: Blob;
    let fileName: string;
    if (v.kind === 'drawn') {
      if (!pad.current || pad.current.isEmpty()) throw new Error(t('complaints.signFirst'));
      // canvas.toBlob, not fetch(dataURL): the content security policy allows no data: connections
      const canvas = pad.current.getTrimmedCanvas();
      file = await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error(t('complaints.signFirst')))), 'image/png'));
      fileName = `${complaintNo}-customer-signature.png`;
    } else {
      if (!scan) throw new Error(t('complaints.scanFirst'));
      file = scan;
      fileName = scan.name;
    }
    const doc = await upload('uploadDocument', { params: { id: customerId }, fields: { kind: 'original', category: 'correspondence', title: `${complaintNo} 客户投诉处理单客户签字`, receivedOn: base.date }, file, fileName });
    return { ...base, documentId: doc.id };
  };
  return { pad, scan, setScan, collect };
};

export const SignOffFields = ({ state, canFile }: { state: ReturnType<typeof useSignOff>; canFile: boolean }) => {
  const { t } = useTranslation();
  const kind = Form.useWatch(['signOff', 'kind']) as SignOffValue['kind'] | undefined;
  return (
    <>
      <Form.Item name={['signOff', 'kind']} label={t('complaints.signOff')} initialValue="typed">
        <Segmented
          block
          options={(['typed', 'drawn', 'scan'] as const).map((k) => ({ value: k, label: <span data-testid={`signoff-kind-${k}`}>{t(`complaints.signOffKinds.${k}`)}</span>, disabled: k !== 'typed' && !canFile }))}
        />
      </Form.Item>
      <Flex gap={12} wrap>
        <Form.Item name={['signOff', 'name']} label={t('complaints.signName')} rules={[{ required: true, whitespace: true }]} style={{ flex: '1 1 160px' }}>
          <Input maxLength={100} data-testid="signoff-name" />
        </Form.Item>
        <Form.Item name={['signOff', 'date']} label={t('complaints.signDate')} rules={[{ required: true }]} initialValue={dayjs()} style={{ flex: '1 1 160px' }}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
      </Flex>
      {kind === 'drawn' ? (
        <Form.Item label={t('complaints.signHere')}>
          <div style={{ border: '1px dashed #999', borderRadius: 6, background: '#fff', touchAction: 'none' }} data-testid="signoff-pad">
            <SignatureCanvas ref={(r) => { state.pad.current = r; }} penColor="#000" canvasProps={{ style: { width: '100%', height: 180, display: 'block' } }} />
          </div>
          <Button size="small" style={{ marginTop: 6 }} onClick={() => state.pad.current?.clear()}>{t('complaints.clear')}</Button>
        </Form.Item>
      ) : null}
      {kind === 'scan' ? (
        <Form.Item label={t('complaints.scanFile')}>
          <Upload accept="image/*,application/pdf" maxCount={1} beforeUpload={(f) => { state.setScan(f); return false; }} onRemove={() => state.setScan(null)}>
            <Button icon={<UploadOutlined />}>{t('complaints.scanFile')}</Button>
          </Upload>
          {state.scan ? <Typography.Text type="secondary">{state.scan.name}</Typography.Text> : null}
        </Form.Item>
      ) : null}
    </>
  );
};
