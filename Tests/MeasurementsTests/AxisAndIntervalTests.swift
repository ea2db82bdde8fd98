import Signals
import Foundation
import Testing

@testable import Measurements

@Suite struct AxisAndIntervalTests {
  /// Net areas projected from a known heart vector give that vector's angle back, with any two
  /// or more limb leads; the atan2(aVF, I) shortcut does not.
  @Test(arguments: [-170.0, -60, -30, 0, 45, 60, 90, 135, 180])
  func frontalAxisRecoversTheHeartVector(angle: Double) throws {
    let h = (x: cos(angle * .pi / 180), y: sin(angle * .pi / 180))
    var areas: [String: Double] = [:]
    for (lead, v) in limbLeadVectors { areas[lead] = 37 * (v.x * h.x + v.y * h.y) }
    let all = try #require(frontalAxis(netAreas: areas))
    #expect(qrsTAngle(qrsAxis: all, tAxis: angle) < 1e-9)
    let two = try #require(frontalAxis(netAreas: ["ii": areas["ii"]!, "avl": areas["avl"]!]))
    #expect(qrsTAngle(qrsAxis: two, tAxis: angle) < 1e-9)
    if angle == 45 {
      let shortcut = atan2(areas["avf"]!, areas["i"]!) * 180 / .pi
      #expect(abs(shortcut - 45) > 4)  // 40.9 degrees: why the geometry matters
    }
  }

  @Test func axisNeedsTwoIndependentLeads() {
    #expect(frontalAxis(netAreas: ["i": 3]) == nil)
    #expect(frontalAxis(netAreas: ["i": 0, "avf": 0]) == nil)
    #expect(frontalAxis(netAreas: ["v1": 3, "v2": 1]) == nil)
  }

  @Test func qrsTAngleFoldsToTheSmallerAngle() {
    #expect(qrsTAngle(qrsAxis: 170, tAxis: -170) == 20)
    #expect(qrsTAngle(qrsAxis: 60, tAxis: 30) == 30)
    #expect(qrsTAngle(qrsAxis: -90, tAxis: 90) == 180)
    #expect(cartAxisConvention(-120) == 240)
    #expect(cartAxisConvention(-30) == -30)
  }

  /// Worked values: at 60 bpm every correction is the identity; at RR 640 ms each formula's own value.
  @Test func qtCorrections() {
    for c in QTCorrection.allCases { #expect(abs(c.corrected(qt: 400, rr: 1000) - 400) < 1e-9) }
    #expect(abs(QTCorrection.bazett.corrected(qt: 400, rr: 640) - 500) < 1e-9)
    #expect(abs(QTCorrection.fridericia.corrected(qt: 400, rr: 640) - 400 / cbrt(0.64)) < 1e-9)
    #expect(abs(QTCorrection.framingham.corrected(qt: 400, rr: 640) - 455.44) < 1e-9)
    #expect(abs(QTCorrection.hodges.corrected(qt: 400, rr: 640) - (400 + 1.75 * 33.75)) < 1e-9)
  }

  @Test func demographicsFromHeaderComments() {
    #expect(headerDemographics(comments: ["<age>: 51", "<sex>: F", "<diagnoses>:"]) == HeaderDemographics(age: 51, sexMale: 0))
    #expect(headerDemographics(comments: ["Age: 85", "Sex: Male", "Dx: 164889003"]) == HeaderDemographics(age: 85, sexMale: 1))
    #expect(headerDemographics(comments: ["69 M 1085 1629 x1", "Aldomet, Inderal"]) == HeaderDemographics(age: 69, sexMale: 1))
    #expect(headerDemographics(comments: ["<age>: >89", "<sex>: M"]) == HeaderDemographics(age: 90, sexMale: 1))
    #expect(headerDemographics(comments: ["Age: ?", "Sex: Unknown"]) == HeaderDemographics())
    #expect(headerDemographics(comments: []) == HeaderDemographics())
  }

  @Test func leadNames() {
    #expect(standardLeadName("aVR") == "avr")
    #expect(standardLeadName("V1") == "v1")
    #expect(standardLeadName("MLII") == "ii")
    #expect(standardLeadName("Lead II") == "ii")
    #expect(standardLeadName("-aVR") == nil)
    #expect(standardLeadName("V7") == nil)
  }
}
