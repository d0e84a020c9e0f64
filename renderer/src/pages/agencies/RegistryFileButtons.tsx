import { useState } from 'react';
import { App, Button } from 'antd';
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { api, errorMessage } from '../../api/client';
import { downloadFile } from '../../files';
import { RegistryImportModal } from './RegistryImportModal';

/** 导入 / 导出 of the agency registry as XLSX, for the 机构 page header. */
export function RegistryFileButtons({ onImported }: { onImported(): void }) {
  const { message } = App.useApp();
  const [importing, setImporting] = useState(false);
  const [exporting, setExporting] = useState(false);

  async function exportXlsx() {
    setExporting(true);
    try {
      downloadFile(await api.call('agencies/exportXlsx', {}));
    } catch (err) {
      message.error(errorMessage(err));
    } finally {
      setExporting(false);
    }
  }

  return (
    <>
      <Button icon={<UploadOutlined />} onClick={() => setImporting(true)}>
        导入
      </Button>
      <Button icon={<DownloadOutlined />} loading={exporting} onClick={exportXlsx}>
        导出
      </Button>
      {importing && (
        <RegistryImportModal
          onClose={() => setImporting(false)}
          onImported={() => {
            setImporting(false);
            onImported();
          }}
        />
      )}
    </>
  );
}
