import { describe, expect, it } from 'vitest';
import { APP_NODE_ARGS, CLUSTER_NODE_ARGS, nodeFlagsOf } from '../bench/node-args';

describe('the node flags the benches start the app with', () => {
  it('are the flags between node and the entry in a script', () => {
    expect(nodeFlagsOf('tsx server/tools/build.ts && node --enable-source-maps --max-semi-space-size=32 dist/main.js', 'dist/main.js'))
      .toEqual(['--enable-source-maps', '--max-semi-space-size=32']);
    expect(nodeFlagsOf('node dist/main.js', 'dist/main.js')).toEqual([]);
  });

  it('refuses a script that does not run the entry with node', () => {
    expect(() => nodeFlagsOf('tsx server/main.ts', 'dist/main.js')).toThrow(/no "node … dist\/main.js"/);
    expect(() => nodeFlagsOf('node --x dist/main.jsx', 'dist/main.js')).toThrow();
  });

  it('are npm start\'s, the same for one process and the cluster, without V8\'s memory reducer and with a young generation that does not shrink', () => {
    expect(APP_NODE_ARGS).toEqual(CLUSTER_NODE_ARGS);
    // A deliberate choice (README, "Garbage collection"): after a lull the memory reducer's
    // full collection lands on the first readers back, 10–30 ms each time.
    expect(APP_NODE_ARGS).toContain('--no-memory-reducer');
    // …and after a lull V8 shrinks the young generation, so the first readers back pay
    // for dozens of scavenges that promote into the old space and bring a full one on.
    expect(APP_NODE_ARGS).toContain('--min-semi-space-size=16');
  });
});
