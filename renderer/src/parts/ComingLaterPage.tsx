// Shared: the frame shows it for any menu entry whose page is not built yet (today 报表).
import { Card, Empty } from 'antd';

/** Pages of the frame whose features arrive in later releases say so plainly. */
export function ComingLaterPage({ title, what }: { title: string; what: string }) {
  return (
    <Card title={title}>
      <Empty description={<span>{what}<br />此功能尚在开发中，将在后续版本提供。</span>} />
    </Card>
  );
}
