/** 打印 (ARC-13): opens a print-ready form of the archive in a new tab; view-only levels cannot print. */
import { PrinterOutlined } from '@ant-design/icons';
import { Button, Dropdown, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { printForms } from '../../../contract/forms.js';
import type { Customer } from '../../../contract/customers.js';
import { routeUrl } from '../../api.js';

const viewOnlyLevels = ['confidential', 'top_secret'];

export const PrintMenu = ({ customer }: { customer: Customer }) => {
  const { t } = useTranslation();
  if (viewOnlyLevels.includes(customer.secrecyLevel)) {
    return (
      <Tooltip title={t('documents.print.viewOnly')}>
        <Button icon={<PrinterOutlined />} disabled data-testid="customer-print">
          {t('documents.print.menu')}
        </Button>
      </Tooltip>
    );
  }
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        // forms of a part withheld from the reader are not offered (the server would refuse them)
        items: printForms.filter((form) => !((form === 'personality' || form === 'relationship-card') && customer.withheld.includes('contacts')) && !(form === 'catalogue' && customer.withheld.includes('documents'))).map((form) => ({
          key: form,
          label: (
            <a href={routeUrl('printForm', { params: { id: customer.id, form } })} target="_blank" rel="noopener" data-testid={`print-${form}`}>
              {t(`documents.print.${form}`)}
            </a>
          ),
        })),
      }}
    >
      <Button icon={<PrinterOutlined />} data-testid="customer-print">
        {t('documents.print.menu')}
      </Button>
    </Dropdown>
  );
};
