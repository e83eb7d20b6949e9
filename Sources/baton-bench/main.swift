// baton-bench: Baton's benchmarks, each printing throughput (and latency percentiles where
// they apply). Run from the repository root with a release build:
//
//   swift run -c release baton-bench codec [SECONDS]
let arguments = Array(CommandLine.arguments.dropFirst())
do {
  switch arguments.first {
  case "codec":
    try CodecBenchmark.run(arguments: Array(arguments.dropFirst()))
  default:
    print("usage: baton-bench codec [SECONDS]")
  }
} catch {
  print("baton-bench: \(error)")
}
