import ECGLensTestSupport
import Signals
import Testing

@testable import Delineation

/// A quick check on full records from the shared MIT-BIH copy, including the hard ones
/// (noise in 105, ventricular flutter in 207). The whole-database validation is the separate
/// command `ecglens validate rpeaks --db ../shared/data/mitdb` (results in the README).
@Suite(.enabled(if: TestPaths.hasSharedData("mitdb"), "needs ../shared/data/mitdb (or $ECGLENS_DATA)"))
struct MITBIHValidationTests {
  @Test(arguments: [("100", 0.999, 0.999), ("105", 0.99, 0.98), ("207", 0.95, 0.98), ("232", 0.999, 0.99)])
  func wholeRecord(record: String, minimumSe: Double, minimumPPV: Double) throws {
    let path = TestPaths.sharedData + "/mitdb/" + record
    let r = try readRecord(at: path)
    let reference = try readAnnotations(record: path, annotator: "atr").beatSamples
    let m = matchBeats(
      reference: reference, detected: try detectBeats(in: r.physical(0), samplingRate: 360), window: 54)
    #expect(m.sensitivity >= minimumSe, "\(record): Se \(m.sensitivity)")
    #expect(m.positivePredictivity >= minimumPPV, "\(record): +P \(m.positivePredictivity)")
  }
}
