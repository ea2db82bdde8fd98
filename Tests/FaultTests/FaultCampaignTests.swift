import ECGLensTestSupport
import FaultInjection
import Foundation
import Testing

/// A bounded fault campaign on every reader: seeded mutants of real files must end in a read or
/// an error naming the file, never a crash, a hang or an anonymous error. `ecglens-fuzz` runs the
/// same campaign longer (its counts are in docs/validation/fault-campaign.txt).
@Suite struct FaultCampaignTests {
  @Test(arguments: FaultTargets.all.map(\.name))
  func noCrashNoHangEveryErrorNamesTheFile(target: String) throws {
    let t = FaultTargets.all.first { $0.name == target }!
    let counts = try runFaultCampaign(t, cases: 60, seed: 20_261_129)
    #expect(counts.hangs == 0, "\(counts.examples)")
    #expect(counts.unnamedErrors == 0, "\(counts.examples)")
    #expect(counts.accepted + counts.cleanErrors == counts.cases)
  }
}
