import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';

/**
 * The benchmark's peers: other solvers given the very same min-cost-flow problem (DIMACS text),
 * so that the engine's optimum and speed can be checked against them.
 *   LEMON's network simplex, through our small C++ driver (bench/lemon/mcf.cpp);
 *   HiGHS (the `highs` npm package, WebAssembly), as a linear program.
 */

const run = promisify(execFile);
const benchDir = join(__dirname, '..', '..', 'bench');
let built: Promise<unknown> | undefined;

export async function solveWithLemon(path: string): Promise<{ cost: bigint; readMs: number; solveMs: number }> {
  built ??= run('sh', [join(benchDir, 'lemon', 'build.sh')]);
  await built;
  const { stdout } = await run(join(benchDir, '.build', 'mcf'), [path], { maxBuffer: 1 << 20 });
  const result = JSON.parse(stdout) as { status: string; cost: string; readMs: number; buildMs: number; solveMs: number };
  if (result.status !== 'OPTIMAL') throw new Error(`LEMON: ${result.status} on ${path}`);
  // Building LEMON's graph is part of solving, as it is part of ours.
  return { cost: BigInt(result.cost), readMs: result.readMs, solveMs: result.buildMs + result.solveMs };
}

interface HighsSolution {
  Status: string;
  Columns: Record<string, { Primal: number }>;
}

/**
 * The DIMACS problem as an LP (x_a in [low, cap], flow conservation at every node, minimize the
 * cost); its constraint matrix is totally unimodular, so the LP optimum is the integer one. The
 * cost is recomputed from the returned flows in 64-bit integers.
 */
export async function solveWithHighs(text: string, options: { maxArcs?: number } = {}): Promise<{ cost: bigint; solveMs: number } | { skipped: string }> {
  const arcs: { from: number; to: number; low: number; cap: number; cost: bigint }[] = [];
  const supply = new Map<number, number>();
  for (const line of text.split('\n')) {
    const f = line.split(' ');
    if (f[0] === 'a') arcs.push({ from: Number(f[1]), to: Number(f[2]), low: Number(f[3]), cap: Number(f[4]), cost: BigInt(f[5]) });
    else if (f[0] === 'n') supply.set(Number(f[1]), Number(f[2]));
  }
  const maxArcs = options.maxArcs ?? 300_000;
  if (arcs.length > maxArcs) return { skipped: `${arcs.length.toLocaleString('en')} arcs: beyond what HiGHS in WebAssembly solves in reasonable time here` };
  // Costs go into the LP relative to the smallest one, so the coefficients stay small for the
  // simplex; the total is recomputed exactly below.
  const rows = new Map<number, string[]>();
  const add = (node: number, term: string) => {
    const list = rows.get(node);
    if (list) list.push(term);
    else rows.set(node, [term]);
  };
  const objective: string[] = [];
  const bounds: string[] = [];
  arcs.forEach((a, i) => {
    objective.push(`${i === 0 ? '' : '+ '}${a.cost} x${i}`);
    bounds.push(` ${a.low} <= x${i} <= ${a.cap}`);
    add(a.from, `+ x${i}`);
    add(a.to, `- x${i}`);
  });
  const constraints = [...rows].map(([node, terms]) => ` n${node}: ${terms.join(' ')} = ${supply.get(node) ?? 0}`);
  const lp = ['Minimize', ` obj: ${objective.join(' ')}`, 'Subject To', ...constraints, 'Bounds', ...bounds, 'End'].join('\n');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const highs = (await (require('highs') as () => Promise<{ solve(lp: string): HighsSolution }>)());
  const began = performance.now();
  const solution = highs.solve(lp);
  const solveMs = performance.now() - began;
  if (solution.Status !== 'Optimal') throw new Error(`HiGHS: ${solution.Status}`);
  let cost = 0n;
  arcs.forEach((a, i) => {
    cost += BigInt(Math.round(solution.Columns[`x${i}`].Primal)) * a.cost;
  });
  return { cost, solveMs };
}
