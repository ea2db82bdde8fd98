import Foundation
import Testing

@testable import Signals

@Suite("Lead derivation (Einthoven, Goldberger)")
struct LeadDerivationTests {
  func recording(_ names: [String], samples: (String) -> [Double] = { _ in [1, 2] }) -> ECGRecording {
    ECGRecording(
      name: "r", path: "r.xml", format: .geMUSE, samplingRate: 500,
      leads: names.map { RecordedLead(name: $0, samples: samples($0)) })
  }

  @Test("MUSE-like I, II, V1-V6: III, aVR, aVL, aVF appended as derived, standard order")
  func derivesLimbLeads() throws {
    let input = recording(["V1", "I", "V2", "II", "V3", "V4", "V5", "V6"]) { name in
      name == "I" ? [1.0, -0.5, .nan] : name == "II" ? [3.0, 0.5, 1] : [0, 0, 0]
    }
    let result = completingTwelveLeads(input)
    #expect(result.leads.map(\.name) == standardTwelveLeads)
    func lead(_ name: String) -> RecordedLead { result.leads.first { $0.name == name }! }
    #expect(lead("III").samples[0] == 2 && lead("III").samples[1] == 1)
    #expect(lead("aVR").samples[0] == -2 && lead("aVR").samples[1] == 0)
    #expect(lead("aVL").samples[0] == -0.5 && lead("aVL").samples[1] == -0.75)
    #expect(lead("aVF").samples[0] == 2.5 && lead("aVF").samples[1] == 0.75)
    #expect(lead("aVF").samples[2].isNaN && lead("III").samples[2].isNaN)
    #expect(["III", "aVR", "aVL", "aVF"].allSatisfy { lead($0).derived })
    #expect(["I", "II", "V1", "V6"].allSatisfy { !lead($0).derived })
  }

  @Test("Einthoven's law and Goldberger's sum hold for the derived leads")
  func identities() {
    var generator = SeededGenerator(seed: 7)
    let values = (0..<200).map { _ in Double.random(in: -3...3, using: &generator) }
    let input = recording(["I", "II"]) { $0 == "I" ? Array(values[0..<100]) : Array(values[100..<200]) }
    let leads = Dictionary(uniqueKeysWithValues: completingTwelveLeads(input).leads.map { ($0.name, $0.samples) })
    for index in 0..<100 {
      #expect(abs(leads["I"]![index] + leads["III"]![index] - leads["II"]![index]) < 1e-12)
      #expect(abs(leads["aVR"]![index] + leads["aVL"]![index] + leads["aVF"]![index]) < 1e-12)
    }
  }

  @Test("stored leads are never replaced; only missing ones are derived")
  func keepsStoredLeads() {
    let input = recording(["I", "II", "III", "X1"]) { $0 == "III" ? [42, 42] : [1, 2] }
    let result = completingTwelveLeads(input)
    #expect(result.leads.map(\.name) == ["I", "II", "III", "aVR", "aVL", "aVF", "X1"])
    #expect(result.leads[2].samples == [42, 42] && !result.leads[2].derived)
    #expect(result.leads.filter(\.derived).map(\.name) == ["aVR", "aVL", "aVF"])
  }

  @Test("a recording with all limb leads, or without I or II, is returned unchanged")
  func unchanged() {
    let full = recording(["V1", "aVF", "I", "II", "III", "aVR", "aVL"])
    #expect(completingTwelveLeads(full).leads.map(\.name) == full.leads.map(\.name))
    let noII = recording(["I", "V1"])
    #expect(completingTwelveLeads(noII).leads.map(\.name) == ["I", "V1"])
  }

  @Test(
    "real MUSE files gain the four limb leads", .enabled(if: XMLFiles.available, XMLFiles.skipNote),
    arguments: XMLFiles.museFiles)
  func realMuse(_ name: String) throws {
    let result = completingTwelveLeads(try XMLFiles.read("ge-muse/" + name))
    #expect(result.leads.map(\.name) == standardTwelveLeads)
    #expect(result.leads.allSatisfy { $0.samples.count == 5000 })
    #expect(result.leads.filter(\.derived).count == 4)
  }
}
