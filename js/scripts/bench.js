// Encrypt-and-prove and verify time per ballot in the browser module (under node), for
// bench/crypto_bench.py. Usage: node scripts/bench.js CANDIDATES SEATS BALLOTS
import { ElectionContext, ballotProblems, encryptBallot } from '../src/index.js';

const [candidates, seats, count] = process.argv.slice(2).map(Number);
const manifest = {
  kind: 'election',
  title: 'bench',
  seats,
  entitled: count,
  issued: count,
  candidates: Array.from({ length: candidates }, (_, i) => ({ id: `c${i + 1}`, name: `候选人${i + 1}` })),
};
// Any valid point serves as the public key for timing.
const context = new ElectionContext(
  manifest,
  'e2f2ae0a6abc4e71a884a961c500515f58e30b6aa582dd8db6a65945e08d2d76',
);
const choices = {};
for (let i = 1; i <= Math.floor(seats / 2); i++) choices[`c${i}`] = 'for';
choices[`c${candidates}`] = 'against';
encryptBallot(context, choices); // warm up the JIT and noble's precomputed tables
// CPU seconds of this process (user + system), as the Python side measures.
const cpu = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};
let start = cpu();
const ballots = [];
for (let n = 0; n < count; n++) ballots.push(encryptBallot(context, choices).ballot);
const encrypt = (cpu() - start) / count;
start = cpu();
for (const ballot of ballots) {
  if (ballotProblems(context, ballot).length) throw new Error('a fresh ballot fails');
}
const verify = (cpu() - start) / count;
console.log(JSON.stringify({ encrypt_seconds_per_ballot: encrypt, verify_seconds_per_ballot: verify, ballots: count }));
