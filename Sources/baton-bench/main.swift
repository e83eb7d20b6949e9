// baton-bench: Baton's benchmarks, each printing throughput (and latency percentiles where
// they apply). Run from the repository root with a release build:
//
//   swift run -c release baton-bench codec [SECONDS]
//   swift run -c release baton-bench store [OPTIONS]
//   swift build -c release --product baton && swift run -c release baton-bench load [OPTIONS]
//   swift build -c release --product baton && swift run -c release baton-bench deliveries [OPTIONS]
let arguments = Array(CommandLine.arguments.dropFirst())
do {
  switch arguments.first {
  case "codec":
    try CodecBenchmark.run(arguments: Array(arguments.dropFirst()))
  case "store":
    try await StoreBenchmark.run(arguments: Array(arguments.dropFirst()))
  case "load":
    try await LoadBenchmark.run(arguments: Array(arguments.dropFirst()))
  case "deliveries":
    try await DeliveryBenchmark.run(arguments: Array(arguments.dropFirst()))
  default:
    print("usage: baton-bench codec [SECONDS] | store [OPTIONS] | load [OPTIONS] | deliveries [OPTIONS]")
  }
} catch {
  print("baton-bench: \(error)")
}
