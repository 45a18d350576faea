/**
 * Soak test of the chat pipeline under injected faults (see src/safety/README.md):
 *
 *   npx tsx scripts/soak.ts [--turns 1000] [--users 50] [--fail-rate 0.2] [--concurrency 10] [--seed 7]
 *
 * Many users chat through the real wiring (chatDeps, guarded models over HTTP) with the model simulator
 * failing a share of requests (500, 429 with Retry-After, hanging requests, malformed JSON, cut streams).
 * Every turn has an idempotency key and is retried by the client until it succeeds. Prints a summary and
 * exits non-zero when a user message was lost, a turn never got an answer, a crisis turn had no notice, or
 * retries were unbounded.
 */
import { parseArgs } from 'node:util';
import { FAULT_RUN_LIMITS, runFaultyChats } from '../test/safety/fault-run.ts';

const { values } = parseArgs({
  options: {
    turns: { type: 'string', default: '1000' },
    users: { type: 'string', default: '50' },
    'fail-rate': { type: 'string', default: '0.2' },
    concurrency: { type: 'string', default: '10' },
    seed: { type: 'string', default: '7' },
  },
});
const turns = Number(values.turns);
const users = Number(values.users);
const failRate = Number(values['fail-rate']);
const concurrency = Number(values.concurrency);
const seed = Number(values.seed);
if (
  ![turns, users, concurrency].every((n) => Number.isInteger(n) && n > 0) ||
  !(failRate >= 0 && failRate <= 1)
) {
  process.stderr.write(
    'soak: --turns, --users and --concurrency must be whole numbers > 0, --fail-rate in 0..1\n',
  );
  process.exit(2);
}

let lastPercent = -1;
const report = await runFaultyChats({
  users,
  turns,
  failRate,
  seed,
  concurrency,
  crisisEvery: 25,
  onProgress: (done, total) => {
    const percent = Math.floor((done / total) * 10) * 10;
    if (percent !== lastPercent) process.stderr.write(`soak: ${done}/${total} turns\n`);
    lastPercent = percent;
  },
});

try {
  const problems: string[] = [];
  const unanswered = report.outcomes.filter((o) => o.result === null);
  if (unanswered.length > 0) problems.push(`${unanswered.length} turns never got an answer`);

  let lost = 0;
  let duplicated = 0;
  let notOk = 0;
  const pairs = new Map(report.outcomes.map((o) => [`${o.userId}/${o.petId}`, o]));
  for (const { userId, petId } of pairs.values()) {
    const messages = await report.store.chats.recentMessages(userId, petId, 10 * turns);
    const sent = report.outcomes.filter((o) => o.userId === userId).map((o) => o.text);
    const stored = messages.filter((m) => m.role === 'user').map((m) => m.content);
    lost += sent.filter((text) => !stored.includes(text)).length;
    duplicated += stored.length - new Set(stored).size;
    notOk += messages.filter((m) => m.status !== 'ok').length;
  }
  if (lost > 0) problems.push(`${lost} user messages lost`);
  if (duplicated > 0) problems.push(`${duplicated} user messages stored twice`);
  if (notOk > 0) problems.push(`${notOk} messages left pending or failed`);

  const crisis = report.outcomes.filter((o) => o.crisis);
  const withoutNotice = crisis.filter((o) => o.result && !o.result.safety.notice).length;
  if (withoutNotice > 0) problems.push(`${withoutNotice} crisis turns without a notice`);

  const calls = Object.values(report.usage).reduce((sum, u) => sum + (u?.calls ?? 0), 0);
  const perCall = report.sim.requests.chatCompletions / Math.max(1, calls);
  if (perCall > 1 + FAULT_RUN_LIMITS.maxRetries!)
    problems.push(`${perCall.toFixed(2)} requests per model call`);

  const attempts = report.outcomes.map((o) => o.attempts).sort((a, b) => a - b);
  const retried = report.outcomes.filter((o) => o.attempts > 1).length;
  const summary = {
    turns,
    users,
    failRate,
    seconds: Math.round(report.wallMs / 100) / 10,
    answered: report.outcomes.length - unanswered.length,
    turnsRetriedByClient: retried,
    clientAttempts: { max: attempts.at(-1) ?? 0, p50: attempts[Math.floor(attempts.length / 2)] ?? 0 },
    modelCalls: calls,
    modelRequests: report.sim.requests.chatCompletions,
    requestsPerCall: Math.round(perCall * 100) / 100,
    injectedFaults: report.sim.faults,
    backoffWaits: report.sleeps.length,
    circuitOpenings: report.circuitOpenings,
    circuits: report.circuits.map((c) => ({ state: c.state, opened: c.opened })),
    crisisTurns: crisis.length,
    safetyEvents: { crisis: report.events.count({ kind: 'crisis' }) },
    lostMessages: lost,
    problems,
  };
  process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  process.exitCode = problems.length > 0 ? 1 : 0;
} finally {
  await report.close();
}
