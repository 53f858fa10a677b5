// Ballot trackers, a hash chain over the cast ballots (see tracker.py).
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, concatBytes, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';

export const chainStart = (electionDigest) =>
  bytesToHex(sha256(concatBytes(utf8ToBytes('dahui/tracker-start'), electionDigest)));

/** The tracker of a ballot cast after the ballot whose tracker is `previousHex`. */
export const nextTracker = (electionDigest, previousHex, ballotDigestHex) =>
  bytesToHex(
    sha256(
      concatBytes(
        utf8ToBytes('dahui/tracker'),
        electionDigest,
        hexToBytes(previousHex),
        hexToBytes(ballotDigestHex),
      ),
    ),
  );
