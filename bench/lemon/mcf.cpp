// A peer for the benchmark: reads a DIMACS min-cost-flow file and solves it with LEMON's
// network simplex (64-bit costs). Prints one JSON line: status, optimal cost, and times.
//   build: bench/lemon/build.sh    run: bench/.build/mcf problem.dimacs
#include <lemon/network_simplex.h>
#include <lemon/smart_graph.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

using Graph = lemon::SmartDigraph;
using Clock = std::chrono::steady_clock;

static double ms(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double, std::milli>(b - a).count();
}

// Reads the next (possibly negative) integer, skipping anything else on the way.
static long long next_int(const char*& p, const char* end) {
  while (p < end && *p != '-' && (*p < '0' || *p > '9')) ++p;
  bool neg = false;
  if (p < end && *p == '-') { neg = true; ++p; }
  long long v = 0;
  while (p < end && *p >= '0' && *p <= '9') v = v * 10 + (*p++ - '0');
  return neg ? -v : v;
}

int main(int argc, char** argv) {
  if (argc != 2) { std::fprintf(stderr, "usage: mcf problem.dimacs\n"); return 1; }
  auto t0 = Clock::now();
  FILE* f = std::fopen(argv[1], "rb");
  if (!f) { std::perror(argv[1]); return 1; }
  std::fseek(f, 0, SEEK_END);
  long size = std::ftell(f);
  std::fseek(f, 0, SEEK_SET);
  std::vector<char> text(size);
  if (std::fread(text.data(), 1, size, f) != static_cast<size_t>(size)) { std::perror("read"); return 1; }
  std::fclose(f);

  long long nodes = 0, arcs = 0;
  std::vector<long long> supply;
  struct Arc { int from, to; long long low, cap, cost; };
  std::vector<Arc> list;
  const char* p = text.data();
  const char* end = p + size;
  while (p < end) {
    const char* line = p;
    while (p < end && *p != '\n') ++p;
    const char* eol = p;
    if (p < end) ++p;
    if (line == eol) continue;
    const char* q = line + 1;
    switch (*line) {
      case 'p':
        while (q < eol && *q == ' ') ++q;
        q += 3;  // "min"
        nodes = next_int(q, eol);
        arcs = next_int(q, eol);
        supply.assign(nodes + 1, 0);
        list.reserve(arcs);
        break;
      case 'n': {
        long long id = next_int(q, eol);
        supply[id] = next_int(q, eol);
        break;
      }
      case 'a': {
        Arc a;
        a.from = static_cast<int>(next_int(q, eol));
        a.to = static_cast<int>(next_int(q, eol));
        a.low = next_int(q, eol);
        a.cap = next_int(q, eol);
        a.cost = next_int(q, eol);
        list.push_back(a);
        break;
      }
      default:
        break;  // comments
    }
  }
  auto t1 = Clock::now();

  Graph g;
  g.reserveNode(nodes);
  g.reserveArc(list.size());
  std::vector<Graph::Node> node(nodes + 1);
  for (long long i = 1; i <= nodes; ++i) node[i] = g.addNode();
  Graph::ArcMap<long long> lower(g), upper(g), cost(g);
  Graph::NodeMap<long long> sup(g);
  for (const Arc& a : list) {
    Graph::Arc e = g.addArc(node[a.from], node[a.to]);
    lower[e] = a.low;
    upper[e] = a.cap;
    cost[e] = a.cost;
  }
  for (long long i = 1; i <= nodes; ++i) sup[node[i]] = supply[i];
  lemon::NetworkSimplex<Graph, long long, long long> simplex(g);
  simplex.lowerMap(lower).upperMap(upper).costMap(cost).supplyMap(sup);
  auto t2 = Clock::now();
  auto status = simplex.run();
  auto t3 = Clock::now();

  const char* name = status == simplex.OPTIMAL ? "OPTIMAL" : status == simplex.INFEASIBLE ? "INFEASIBLE" : "UNBOUNDED";
  long long total = status == simplex.OPTIMAL ? simplex.totalCost<long long>() : 0;
  std::printf("{\"status\":\"%s\",\"cost\":\"%lld\",\"readMs\":%.3f,\"buildMs\":%.3f,\"solveMs\":%.3f,\"nodes\":%lld,\"arcs\":%zu}\n",
              name, total, ms(t0, t1), ms(t1, t2), ms(t2, t3), nodes, list.size());
  return status == simplex.OPTIMAL ? 0 : 2;
}
