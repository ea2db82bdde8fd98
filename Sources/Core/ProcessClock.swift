import Foundation

/// CPU time used by this process so far (all threads), in seconds: what benchmarks report, so
/// that a busy machine's waiting is not counted.
public func processCPUTime() -> Double {
  var ts = timespec()
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
  return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// Peak resident memory of this process so far, in MB (getrusage's ru_maxrss).
public func peakResidentMemoryMB() -> Double {
  var usage = rusage()
  getrusage(RUSAGE_SELF.rawValue, &usage)
  return Double(usage.ru_maxrss) / 1024
}
