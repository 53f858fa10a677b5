// dahui's browser side of verifiable ballots: encrypt a ballot with every proof on the
// voter's device, check a ballot, and compute ballot trackers.
export { ElectionContext, manifestDigest } from './context.js';
export { ballotDigest, ballotProblems, encryptBallot, selectionIds } from './ballot.js';
export { chainStart, nextTracker } from './tracker.js';
export { seededNonces, systemNonces } from './nonces.js';
export { canonicalJson } from './canonical.js';
