import Foundation
import Testing

@testable import Embeddings

@Suite struct EncoderInputTests {
  static func sidecar(
    leads: [String] = ["II", "V1"], rate: Double = 250, samples: Int = 4, policy: EncoderLengthPolicy = .centre,
    scaling: EncoderScaling = .millivolts
  ) -> EncoderSidecar {
    EncoderSidecar(
      model: "m", licence: "l", source: "s", leads: leads, samplingRateHz: rate, samples: samples,
      lengthPolicy: policy, scaling: scaling, inputName: "x", inputLayout: .batchLeadsSamples, outputName: "y",
      pooling: .none, embeddingSize: 2)
  }

  static let noResampling: ECGResampler = { _, from, to in
    Issue.record("resampler called for \(from) -> \(to) Hz")
    return []
  }

  @Test func selectsAndOrdersLeadsCaseInsensitively() throws {
    let prepared = try EncoderInput.prepare(
      leadNames: ["v1", "I", "ii "], samples: [[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]],
      samplingRateHz: 250, sidecar: Self.sidecar(), resample: Self.noResampling)
    #expect(prepared.leads == ["II", "V1"] && prepared.samplesPerLead == 4)
    #expect(prepared.values == [9, 10, 11, 12, 1, 2, 3, 4])
    #expect(prepared.tensorValues(layout: .batchSamplesLeads) == [9, 1, 10, 2, 11, 3, 12, 4])
  }

  @Test func missingLeadIsNamed() {
    #expect(throws: EncoderInputError.missingLead(lead: "V1", available: ["I", "II"])) {
      try EncoderInput.prepare(
        leadNames: ["I", "II"], samples: [[1, 2, 3, 4], [1, 2, 3, 4]], samplingRateHz: 250,
        sidecar: Self.sidecar(), resample: Self.noResampling)
    }
  }

  @Test func rejectsBadRecords() {
    let sidecar = Self.sidecar()
    #expect(throws: EncoderInputError.leadCountMismatch(names: 1, signals: 2)) {
      try EncoderInput.prepare(
        leadNames: ["II"], samples: [[1], [2]], samplingRateHz: 250, sidecar: sidecar, resample: Self.noResampling)
    }
    #expect(throws: EncoderInputError.unequalLengths(lead: "V1", count: 3, expected: 4)) {
      try EncoderInput.prepare(
        leadNames: ["II", "V1"], samples: [[1, 2, 3, 4], [1, 2, 3]], samplingRateHz: 250, sidecar: sidecar,
        resample: Self.noResampling)
    }
    #expect(throws: EncoderInputError.nonFiniteSample(lead: "II", index: 2)) {
      try EncoderInput.prepare(
        leadNames: ["II", "V1"], samples: [[1, 2, .nan, 4], [1, 2, 3, 4]], samplingRateHz: 250, sidecar: sidecar,
        resample: Self.noResampling)
    }
    #expect(throws: EncoderInputError.invalidSamplingRate(hz: 0)) {
      try EncoderInput.prepare(
        leadNames: ["II", "V1"], samples: [[1], [1]], samplingRateHz: 0, sidecar: sidecar, resample: Self.noResampling)
    }
  }

  @Test func resamplesToTheSidecarRate() throws {
    let decimate: ECGResampler = { x, from, to in
      #expect(from == 500 && to == 250)
      return stride(from: 0, to: x.count, by: 2).map { x[$0] }
    }
    let prepared = try EncoderInput.prepare(
      leadNames: ["II", "V1"], samples: [Array(0..<8).map(Double.init), Array(10..<18).map(Double.init)],
      samplingRateHz: 500, sidecar: Self.sidecar(), resample: decimate)
    #expect(prepared.values == [0, 2, 4, 6, 10, 12, 14, 16])
    let broken: ECGResampler = { x, _, _ in x }
    #expect(throws: EncoderInputError.resampledLength(lead: "II", produced: 8, expected: 4)) {
      try EncoderInput.prepare(
        leadNames: ["II", "V1"], samples: [Array(repeating: 1, count: 8), Array(repeating: 1, count: 8)],
        samplingRateHz: 500, sidecar: Self.sidecar(), resample: broken)
    }
  }

  @Test func cropsAndPadsByPolicy() {
    let x: [Double] = [1, 2, 3, 4, 5, 6, 7]
    #expect(EncoderInput.crop(x, to: 4, policy: .centre) == [2, 3, 4, 5])
    #expect(EncoderInput.crop(x, to: 4, policy: .start) == [1, 2, 3, 4])
    #expect(EncoderInput.crop(x, to: 9, policy: .centre) == x)
    #expect(EncoderInput.pad([1, 2, 3], to: 6, policy: .centre) == [0, 1, 2, 3, 0, 0])
    #expect(EncoderInput.pad([1, 2, 3], to: 6, policy: .start) == [1, 2, 3, 0, 0, 0])
  }

  @Test func scalesBeforePaddingSoZerosDoNotEnterTheStatistics() throws {
    let sidecar = Self.sidecar(leads: ["II"], samples: 6, scaling: .standardizePerLead(epsilon: 0))
    let prepared = try EncoderInput.prepare(
      leadNames: ["II"], samples: [[1, 3, 1, 3]], samplingRateHz: 250, sidecar: sidecar, resample: Self.noResampling)
    #expect(prepared.values == [0, -1, 1, -1, 1, 0])
  }

  @Test func standardisationGivesZeroMeanUnitDeviation() {
    let x = (0..<500).map { sin(Double($0) * 0.1) * 2 + 0.7 }
    let z = EncoderInput.standardize(x, epsilon: 1e-6).map(Double.init)
    let mean = z.reduce(0, +) / Double(z.count)
    let sd = (z.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(z.count)).squareRoot()
    #expect(abs(mean) < 1e-6 && abs(sd - 1) < 1e-5)
  }

  @Test func rankNormalisationAveragesTies() {
    #expect(EncoderInput.rankNormalize([3, 1, 2, 2]) == [1, -1, 0, 0])
    #expect(EncoderInput.rankNormalize([5]) == [-1])
    #expect(EncoderInput.rankNormalize([0.1, 0.2, 0.3]) == [-1, 0, 1])
  }
}
