import type { ReviewListState } from '../../../core/contract/reviews';

/** One colour per review state, wherever a state is shown. */
export const REVIEW_COLOR: Record<ReviewListState, string> = { pending: 'gold', accepted: 'green', returned: 'red' };
