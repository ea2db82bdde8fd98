import FaultInjection
import Foundation

// ecglens-fuzz [--cases N] [--seed S] [--target NAME]...: the fault campaign of FaultTests, longer.
// Prints one line per target: cases, accepted, clean errors, unnamed errors, hangs, seconds. A
// crash ends the run; run with --announce to see the seed of every case.
var cases = 1000, seed: UInt64 = 1, names: [String] = [], announce = false
var args = CommandLine.arguments.dropFirst()
while let a = args.popFirst() {
  switch a {
  case "--cases": cases = Int(args.popFirst() ?? "") ?? cases
  case "--seed": seed = UInt64(args.popFirst() ?? "") ?? seed
  case "--target": names.append(args.popFirst() ?? "")
  case "--announce": announce = true
  default:
    FileHandle.standardError.write(Data("usage: ecglens-fuzz [--cases N] [--seed S] [--target NAME]... [--announce]\n".utf8))
    exit(2)
  }
}
let targets = FaultTargets.all.filter { names.isEmpty || names.contains($0.name) }
print("target           cases  accepted  clean errors  unnamed errors  hangs  seconds")
var bad = 0
for t in targets {
  let c = try runFaultCampaign(t, cases: cases, seed: seed, announce: announce)
  print(String(format: "%-15@ %6d  %8d  %12d  %14d  %5d  %7.1f", t.name, c.cases, c.accepted, c.cleanErrors, c.unnamedErrors, c.hangs, c.seconds))
  for e in c.examples { print("  " + e) }
  bad += c.unnamedErrors + c.hangs
}
print("crashes: 0 (the run completed)")
exit(bad == 0 ? 0 : 1)
