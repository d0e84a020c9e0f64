// Shared: the inspections list and the inspection header both show where a signed record is on its way to the bureau.
import { Tag, Tooltip } from 'antd';
import { CheckCircleOutlined, ClockCircleOutlined, CloseCircleOutlined, HourglassOutlined, SyncOutlined } from '@ant-design/icons';
import type { ReactNode } from 'react';
import { isLocked, type InspectionStatus } from '../../../core/contract/inspections';
import type { Delivery, DeliveryState } from '../../../core/contract/sync';
import { deliveryText } from './sync-words';
import { useDelivery } from '../stores/sync';

const COLOR: Record<DeliveryState, string> = {
  queued: 'blue',
  sending: 'processing',
  held: 'gold',
  delivered: 'green',
  failed: 'red',
};

const ICON: Record<DeliveryState, ReactNode> = {
  queued: <ClockCircleOutlined />,
  sending: <SyncOutlined spin />,
  held: <HourglassOutlined />,
  delivered: <CheckCircleOutlined />,
  failed: <CloseCircleOutlined />,
};


export function DeliveryTag({ delivery }: { delivery: Delivery }) {
  const { text, tip } = deliveryText(delivery);
  return (
    <Tooltip title={tip}>
      <Tag
        color={COLOR[delivery.state]}
        icon={ICON[delivery.state]}
        data-testid="delivery-tag"
        data-state={delivery.state}
        aria-label={`送达情况：${text}`}
        style={{ marginInlineEnd: 0, maxWidth: '100%', overflow: 'hidden', textOverflow: 'ellipsis', verticalAlign: 'middle' }}
      >
        {text}
      </Tag>
    </Tooltip>
  );
}

/** Nothing unless connected and the inspection is signed: a draft has nothing to deliver yet. */
export function InspectionDeliveryTag({ inspection }: { inspection: { id: string; status: InspectionStatus } }) {
  const delivery = useDelivery(inspection.id);
  if (!delivery || !isLocked(inspection.status)) return null;
  return <DeliveryTag delivery={delivery} />;
}
