/**
 * Exact assignment of demands to capacitated supply items: a min-cost flow, solved by successive
 * shortest paths with node potentials (the Hungarian method, one demand at a time).
 *
 * Each demand must go somewhere: to one of its eligible supply items or to U, "unplaced". Placing
 * demand d on item s is worth w = priority·W1 + W2 + score, and W1 and W2 are large enough that
 * the best total places first the most VULNERABLE/URGENT demands, then the most demands, then
 * the highest total score (scores are whole thousandths, 0..SCORE_SCALE). After demand k is
 * inserted the flow is optimal for demands 1..k, so the final one is optimal for all of them;
 * a search stops at the first free item it reaches, which keeps it local when capacity is ample.
 *
 * As a min-cost flow with non-negative costs (the form given to other solvers as DIMACS): every
 * demand node supplies 1; arcs d→s cost M − w, arcs d→U cost M, arcs s→T carry the item's
 * remaining capacity; T takes all. Its optimal cost is n·M − Σ w over placed demands.
 */

export const SCORE_SCALE = 1000;

export interface FlowComponent {
  /** Demands in the order they are inserted: 0..n-1. */
  demands: number;
  /** Remaining capacity of each supply item, 0..m-1. */
  capacity: Int32Array;
  /** 1 for a VULNERABLE or URGENT demand. */
  priority: Uint8Array;
  /** Demand d's eligible arcs are arcStart[d] .. arcStart[d+1]-1. */
  arcStart: Int32Array;
  arcSupply: Int32Array;
  /** Score of the pair in thousandths, 0..SCORE_SCALE. */
  arcScore: Int32Array;
}

export interface Weights {
  w1: number;
  w2: number;
  m: number;
}

/** The lexicographic weights for a component of n demands (see the module comment). */
export function weightsFor(n: number): Weights {
  const w2 = n * SCORE_SCALE + 1;
  const w1 = n * (w2 + SCORE_SCALE) + 1;
  const m = w1 + w2 + SCORE_SCALE;
  // Potentials and path lengths stay below (nodes × largest cost); keep them exact in a double.
  if ((2 * n + 2) * m * 4 >= Number.MAX_SAFE_INTEGER) {
    throw new RangeError(`a group of ${n} demands competing for the same supply items is too large to solve exactly (at most about 20,000)`);
  }
  return { w1, w2, m };
}

/**
 * Solves one component. Returns, for each demand, the index of its arc (into arcSupply) or -1
 * when it stays unplaced.
 */
export function solveComponent(c: FlowComponent): Int32Array {
  const n = c.demands;
  const m = c.capacity.length;
  const weights = weightsFor(n);
  const U = n + m;
  const T = n + m + 1;
  const nodes = n + m + 2;

  const potential = new Float64Array(nodes);
  const dist = new Float64Array(nodes);
  const stamp = new Int32Array(nodes); // == round: dist is valid this round
  const settled = new Int32Array(nodes); // == round: settled this round
  const predNode = new Int32Array(nodes);
  const predArc = new Int32Array(nodes); // the arc d→s that reached s, or -1
  const assignedArc = new Int32Array(n).fill(-1); // -1: at U (or not yet inserted)
  const used = new Int32Array(m);
  const members: number[][] = Array.from({ length: m }, () => []);
  const heap = new NodeHeap(nodes);
  const settledList: number[] = [];
  let round = 0;

  const weightOf = (d: number, k: number) => c.priority[d] * weights.w1 + weights.w2 + c.arcScore[k];

  for (let d0 = 0; d0 < n; d0++) {
    round++;
    // Make the new demand's arcs non-negative in reduced cost.
    let p0 = potential[U];
    for (let k = c.arcStart[d0]; k < c.arcStart[d0 + 1]; k++) {
      const v = potential[n + c.arcSupply[k]] + weightOf(d0, k);
      if (v > p0) p0 = v;
    }
    potential[d0] = p0;

    heap.clear();
    settledList.length = 0;
    dist[d0] = 0;
    stamp[d0] = round;
    predNode[d0] = -1;
    heap.push(d0, 0);
    const relax = (from: number, to: number, reduced: number, arc: number) => {
      const nd = dist[from] + reduced;
      if (stamp[to] !== round || nd < dist[to]) {
        dist[to] = nd;
        stamp[to] = round;
        predNode[to] = from;
        predArc[to] = arc;
        heap.push(to, nd);
      }
    };

    let reachedT = false;
    while (heap.size > 0) {
      const x = heap.popNode();
      if (settled[x] === round) continue;
      settled[x] = round;
      settledList.push(x);
      if (x === T) {
        reachedT = true;
        break;
      }
      if (x < n) {
        const own = assignedArc[x];
        for (let k = c.arcStart[x]; k < c.arcStart[x + 1]; k++) {
          if (k === own) continue;
          const s = n + c.arcSupply[k];
          if (settled[s] === round) continue;
          relax(x, s, potential[x] - potential[s] - weightOf(x, k), k);
        }
        if (own !== -1 || x === d0) relax(x, U, potential[x] - potential[U], -1);
      } else if (x < U) {
        const s = x - n;
        if (used[s] < c.capacity[s]) {
          const reduced = potential[x] - potential[T];
          if (reduced === 0) {
            // T is reached at the smallest distance there is: the path through x is shortest.
            dist[T] = dist[x];
            stamp[T] = round;
            predNode[T] = x;
            settled[T] = round;
            settledList.push(T);
            reachedT = true;
            break;
          }
          relax(x, T, reduced, -1);
        }
        for (const d of members[s]) {
          if (settled[d] !== round) relax(x, d, weightOf(d, assignedArc[d]) + potential[x] - potential[d], -1);
        }
      } else {
        // U: its arcs back to unplaced demands never beat U→T, whose reduced cost is 0 whenever
        // U holds a demand (and they do not exist when it holds none).
        relax(x, T, potential[U] - potential[T], -1);
      }
    }
    if (!reachedT) throw new Error('flow: no path to the sink (cannot happen: U is always open)');

    const D = dist[T];
    for (const x of settledList) if (dist[x] < D) potential[x] -= D - dist[x];

    // Augment along the path d0 → s1 → d1 → … → sk → T: each demand on it moves one step on.
    let x = predNode[T];
    if (x < U) used[x - n]++;
    for (;;) {
      const d = predNode[x];
      const from = assignedArc[d];
      if (from !== -1) removeMember(members[c.arcSupply[from]], d);
      if (x === U) assignedArc[d] = -1;
      else {
        assignedArc[d] = predArc[x];
        members[x - n].push(d);
      }
      if (d === d0) break;
      x = from === -1 ? U : n + c.arcSupply[from];
    }
  }
  return assignedArc;
}

function removeMember(list: number[], d: number): void {
  const i = list.indexOf(d);
  list[i] = list[list.length - 1];
  list.pop();
}

/** A binary min-heap of (key, node), ties broken by node number so every run is the same. */
class NodeHeap {
  private keys: Float64Array;
  private nodes: Int32Array;
  size = 0;

  constructor(capacity: number) {
    this.keys = new Float64Array(Math.max(16, capacity));
    this.nodes = new Int32Array(Math.max(16, capacity));
  }

  clear(): void {
    this.size = 0;
  }

  push(node: number, key: number): void {
    if (this.size === this.keys.length) {
      const keys = new Float64Array(this.size * 2);
      keys.set(this.keys);
      const nodes = new Int32Array(this.size * 2);
      nodes.set(this.nodes);
      this.keys = keys;
      this.nodes = nodes;
    }
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.keys[parent] < key || (this.keys[parent] === key && this.nodes[parent] <= node)) break;
      this.keys[i] = this.keys[parent];
      this.nodes[i] = this.nodes[parent];
      i = parent;
    }
    this.keys[i] = key;
    this.nodes[i] = node;
  }

  popNode(): number {
    const top = this.nodes[0];
    const key = this.keys[--this.size];
    const node = this.nodes[this.size];
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= this.size) break;
      const right = child + 1;
      if (right < this.size && (this.keys[right] < this.keys[child] || (this.keys[right] === this.keys[child] && this.nodes[right] < this.nodes[child]))) child = right;
      if (key < this.keys[child] || (key === this.keys[child] && node <= this.nodes[child])) break;
      this.keys[i] = this.keys[child];
      this.nodes[i] = this.nodes[child];
      i = child;
    }
    this.keys[i] = key;
    this.nodes[i] = node;
    return top;
  }
}

/** The optimal cost of the non-negative DIMACS form of a solved component. */
export function componentCost(c: FlowComponent, assignedArc: Int32Array): bigint {
  const { w1, w2, m } = weightsFor(c.demands);
  let cost = 0n;
  for (let d = 0; d < c.demands; d++) {
    const k = assignedArc[d];
    cost += BigInt(k === -1 ? m : m - (c.priority[d] * w1 + w2 + c.arcScore[k]));
  }
  return cost;
}

/**
 * Writes several components as one DIMACS min-cost-flow problem (they share U and T).
 * Node numbers: T = 1, U = 2, then each component's demands and supply items.
 */
export function toDimacs(components: readonly FlowComponent[], comment: string): string {
  let nodeCount = 2;
  let arcCount = 0;
  let totalDemands = 0;
  for (const c of components) {
    nodeCount += c.demands + c.capacity.length;
    arcCount += c.arcSupply.length + c.demands + c.capacity.length;
    totalDemands += c.demands;
  }
  arcCount += 1;
  const lines: string[] = [`c ${comment}`, `p min ${nodeCount} ${arcCount}`, `n 1 ${-totalDemands}`];
  let base = 3;
  const arcs: string[] = [`a 2 1 0 ${totalDemands} 0`];
  for (const c of components) {
    const { w1, w2, m } = weightsFor(c.demands);
    const supplyBase = base + c.demands;
    for (let d = 0; d < c.demands; d++) {
      lines.push(`n ${base + d} 1`);
      for (let k = c.arcStart[d]; k < c.arcStart[d + 1]; k++) {
        arcs.push(`a ${base + d} ${supplyBase + c.arcSupply[k]} 0 1 ${m - (c.priority[d] * w1 + w2 + c.arcScore[k])}`);
      }
      arcs.push(`a ${base + d} 2 0 1 ${m}`);
    }
    for (let s = 0; s < c.capacity.length; s++) arcs.push(`a ${supplyBase + s} 1 0 ${c.capacity[s]} 0`);
    base = supplyBase + c.capacity.length;
  }
  return lines.join('\n') + '\n' + arcs.join('\n') + '\n';
}

/**
 * A min-cost flow on a general network (added for 结对认亲, src/engine/pairing.ts; the matcher above
 * does not use it): arcs with integer capacities and non-negative integer costs, `amount` units sent
 * from `source` to `sink` by successive shortest paths with node potentials, as solveComponent does,
 * but each search is followed by a blocking flow over all the shortest paths (the arcs of reduced
 * cost 0, level by level, as Dinic's algorithm), each path carrying its bottleneck rather than one
 * unit, so that a node standing for many identical households (a village) or many identical places
 * (the k-th household of the cadres of one area) costs one node and not thousands. Optimal: every
 * augmenting path is shortest in reduced cost, so no negative cycle is ever left in the residual
 * network.
 */
export interface Network {
  nodes: number;
  from: Int32Array;
  to: Int32Array;
  capacity: Int32Array;
  /** Whole numbers ≥ 0; path lengths stay exact in a double below 2^53. */
  cost: Float64Array;
}

/** The flow on each arc of `net` that sends `amount` from source to sink at the least total cost; throws when the network cannot carry it. */
export function minCostFlow(net: Network, source: number, sink: number, amount: number): Int32Array {
  const arcs = net.from.length;
  const nodes = net.nodes;
  // Residual arcs 2a (forward) and 2a+1 (backward), listed per tail node in arc order (deterministic).
  const head = new Int32Array(2 * arcs);
  const residual = new Int32Array(2 * arcs);
  const rcost = new Float64Array(2 * arcs);
  const degree = new Int32Array(nodes + 1);
  for (let a = 0; a < arcs; a++) {
    if (!(net.cost[a] >= 0) || net.capacity[a] < 0) throw new RangeError(`flow: arc ${a} has a negative cost or capacity`);
    head[2 * a] = net.to[a];
    head[2 * a + 1] = net.from[a];
    residual[2 * a] = net.capacity[a];
    rcost[2 * a] = net.cost[a];
    rcost[2 * a + 1] = -net.cost[a];
    degree[net.from[a] + 1]++;
    degree[net.to[a] + 1]++;
  }
  for (let v = 0; v < nodes; v++) degree[v + 1] += degree[v];
  const outStart = degree;
  const out = new Int32Array(2 * arcs);
  const fill = outStart.slice(0, nodes);
  for (let a = 0; a < arcs; a++) {
    out[fill[net.from[a]]++] = 2 * a;
    out[fill[net.to[a]]++] = 2 * a + 1;
  }

  const potential = new Float64Array(nodes);
  const dist = new Float64Array(nodes);
  const stamp = new Int32Array(nodes);
  const settled = new Int32Array(nodes);
  const predArc = new Int32Array(nodes);
  const heap = new NodeHeap(nodes);
  const settledList: number[] = [];
  const level = new Int32Array(nodes);
  const queue = new Int32Array(nodes);
  const cursor = new Int32Array(nodes);
  let round = 0;
  let left = amount;
  while (left > 0) {
    round++;
    heap.clear();
    settledList.length = 0;
    dist[source] = 0;
    stamp[source] = round;
    predArc[source] = -1;
    heap.push(source, 0);
    let reached = false;
    while (heap.size > 0) {
      const x = heap.popNode();
      if (settled[x] === round) continue;
      settled[x] = round;
      settledList.push(x);
      if (x === sink) {
        reached = true;
        break;
      }
      for (let i = outStart[x]; i < outStart[x + 1]; i++) {
        const r = out[i];
        if (residual[r] === 0) continue;
        const y = head[r];
        if (settled[y] === round) continue;
        const nd = dist[x] + rcost[r] + potential[x] - potential[y];
        if (stamp[y] !== round || nd < dist[y]) {
          dist[y] = nd;
          stamp[y] = round;
          predArc[y] = r;
          heap.push(y, nd);
        }
      }
    }
    if (!reached) throw new Error(`flow: the network cannot carry ${amount} units (${amount - left} sent)`);
    const D = dist[sink];
    for (const x of settledList) if (dist[x] < D) potential[x] -= D - dist[x];
    // Every shortest path now has reduced cost 0: send as much as they carry (a blocking flow on
    // the arcs of reduced cost 0, level by level, as Dinic's algorithm) before the next search.
    for (;;) {
      level.fill(-1);
      level[source] = 0;
      let qh = 0;
      let qt = 0;
      queue[qt++] = source;
      while (qh < qt) {
        const x = queue[qh++];
        for (let i = outStart[x]; i < outStart[x + 1]; i++) {
          const r = out[i];
          const y = head[r];
          if (residual[r] === 0 || level[y] !== -1 || rcost[r] + potential[x] - potential[y] !== 0) continue;
          level[y] = level[x] + 1;
          queue[qt++] = y;
        }
      }
      if (level[sink] === -1) break;
      for (let v = 0; v < nodes; v++) cursor[v] = outStart[v];
      const send = (x: number, limit: number): number => {
        if (x === sink) return limit;
        for (; cursor[x] < outStart[x + 1]; cursor[x]++) {
          const r = out[cursor[x]];
          const y = head[r];
          if (residual[r] === 0 || level[y] !== level[x] + 1 || rcost[r] + potential[x] - potential[y] !== 0) continue;
          const got = send(y, Math.min(limit, residual[r]));
          if (got > 0) {
            residual[r] -= got;
            residual[r ^ 1] += got;
            return got;
          }
        }
        return 0;
      };
      let sent = 0;
      for (let got = send(source, left); got > 0 && left > 0; got = left > 0 ? send(source, left) : 0) {
        left -= got;
        sent += got;
      }
      if (sent === 0 || left === 0) break;
    }
  }
  const flow = new Int32Array(arcs);
  for (let a = 0; a < arcs; a++) flow[a] = residual[2 * a + 1];
  return flow;
}
