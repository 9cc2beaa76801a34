/** 预览 (issue 17 item 17): a PDF or an image shown in a dialog from the inline preview route (same access checks and audit as a download). */
import { Button, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { isPreviewable } from '../../../contract/search.routes.js';
import { routeUrl } from '../../api.js';

export type Previewed = { id: string; title: string; contentType: string };

export const canPreview = (d: { access: string; contentType: string }): boolean => d.access === 'download' && isPreviewable(d.contentType);

export const DocumentPreviewModal = ({ doc, onClose }: { doc: Previewed | null; onClose: () => void }) => {
  const { t } = useTranslation();
  const src = doc ? routeUrl('previewDocument', { params: { id: doc.id } }) : '';
  const image = doc?.contentType.startsWith('image/') ?? false;
  return (
    <Modal
      open={doc !== null}
      onCancel={onClose}
      title={doc?.title}
      width="min(960px, calc(100vw - 24px))"
      style={{ top: 24 }}
      destroyOnHidden
      data-testid="document-preview"
      footer={
        <Button href={doc ? routeUrl('downloadDocument', { params: { id: doc.id } }) : undefined} data-testid="document-preview-download">
          {t('documents.download')}
        </Button>
      }
    >
      {doc === null ? null : image ? (
        <img src={src} alt={doc.title} style={{ display: 'block', maxWidth: '100%', maxHeight: '75vh', margin: '0 auto' }} data-testid="document-preview-image" />
      ) : (
        <iframe src={src} title={doc.title} style={{ width: '100%', height: '75vh', border: 0 }} data-testid="document-preview-frame" />
      )}
    </Modal>
  );
};
