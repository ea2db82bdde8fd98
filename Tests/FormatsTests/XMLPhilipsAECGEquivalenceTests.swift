import Core
import Foundation
import Testing

@testable import Signals

/// `hl7-aecg/ad4d3d80-d165_1-04_converted.xml` is the aECG that Philips software made from
/// `philips-sierra/ad4d3d80-d165_1-04_orig.xml`. Both must give the same samples per lead.
///
/// They are not bit-identical: lead I (stored directly, no reconstruction involved) already
/// differs by up to 3 LSB, with no lag and no offset, so the converter resampled or filtered
/// slightly. Tolerance, per lead: same length (5500), same rate, no time shift (lag 0 fits best
/// among -3...3), max |difference| <= 20 uV (4 LSB of 5 uV), mean |difference| < 5 uV (1 LSB),
/// mean difference within +-2.5 uV (half an LSB), Pearson r >= 0.999.
@Suite("Philips XML and its aECG conversion agree", .enabled(if: XMLFiles.available, XMLFiles.skipNote))
struct PhilipsAECGEquivalenceTests {
  static let philips = "philips-sierra/ad4d3d80-d165_1-04_orig.xml"
  static let aecg = "hl7-aecg/ad4d3d80-d165_1-04_converted.xml"

  @Test("every lead agrees within the stated tolerance")
  func leadsAgree() throws {
    let original = try XMLFiles.read(Self.philips)
    let converted = try XMLFiles.read(Self.aecg)
    #expect(original.samplingRate == converted.samplingRate)
    #expect(original.leads.map(\.name) == converted.leads.map(\.name))
    for lead in original.leads {
      let other = try #require(converted.leads.first { $0.name == lead.name }).samples
      #expect(other.count == lead.samples.count)
      let differences = zip(lead.samples, other).map { ($0 - $1) * 1000 }  // uV
      let maxAbs = differences.map(abs).max() ?? .infinity
      let meanAbs = differences.map(abs).reduce(0, +) / Double(differences.count)
      let mean = differences.reduce(0, +) / Double(differences.count)
      let r = pearsonCorrelation(lead.samples, other)
      let bestLag = (-3...3).min { rms(lead.samples, other, lag: $0) < rms(lead.samples, other, lag: $1) }
      print(
        String(
          format: "aECG vs Philips %@: max|d| %.0f uV, mean|d| %.2f uV, mean d %.2f uV, r %.5f, lag %d",
          lead.name, maxAbs, meanAbs, mean, r, bestLag ?? 99))
      #expect(maxAbs <= 20 + 1e-9 && meanAbs < 5 && abs(mean) <= 2.5 && r >= 0.999 && bestLag == 0, "lead \(lead.name)")
    }
  }

  @Test("limb-lead reconstruction truncates toward zero, as the Philips-made aECG shows")
  func truncatingDivision() throws {
    let original = try XMLFiles.read(Self.philips)
    let converted = try XMLFiles.read(Self.aecg)
    func counts(_ name: String, _ recording: ECGRecording) -> [Int] {
      recording.leads.first { $0.name == name }!.samples.map { Int(($0 * 200).rounded()) }  // 5 uV units
    }
    let one = counts("I", original), two = counts("II", original), three = counts("III", original)
    let halved: [String: [Int]] = [
      "aVR": zip(one, two).map(+), "aVL": zip(one, three).map(-),
      "aVF": zip(two, three).map(+),
    ]
    for (name, sums) in halved {
      let ours = counts(name, original), theirs = counts(name, converted)
      let negativeOdd = sums.indices.filter { sums[$0] < 0 && sums[$0] % 2 != 0 }
      let mean = Double(negativeOdd.map { ours[$0] - theirs[$0] }.reduce(0, +)) / Double(negativeOdd.count)
      // flooring would move these samples by one LSB (aVR: +1, aVL/aVF: -1) away from the aECG
      print(String(format: "%@: %d negative odd sums, mean difference to aECG %.3f LSB", name, negativeOdd.count, mean))
      #expect(negativeOdd.count > 400 && abs(mean) < 0.25, "\(name)")
    }
  }

  private func rms(_ a: [Double], _ b: [Double], lag: Int) -> Double {
    let range = 10..<(a.count - 10)
    let sum = range.reduce(0.0) { $0 + pow(a[$1] - b[$1 + lag], 2) }
    return (sum / Double(range.count)).squareRoot()
  }
}
