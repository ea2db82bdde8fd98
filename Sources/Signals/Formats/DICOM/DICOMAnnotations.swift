/// Cart measurements from the DICOM Waveform Annotation Sequence (0040,B020), PS3.3 C.10.10.
///
/// Numeric items: Concept Name Code Sequence (0040,A043) code value (SCPECG codes, e.g. "5.13.5-7" PR
/// interval) or code meaning, Numeric Value (0040,A30A), Measurement Units (0040,08EA) "ms" or "s".
/// Fiducial items: P onset/offset, QRS onset/offset, T offset with Referenced Sample Positions
/// (0040,A132, 1-based): taken from the first annotation group that has a QRS onset, read as samples of
/// the median-beat multiplex group when one exists and every position fits inside it:
/// ms = (position - 1) * 1000 / its SamplingFrequency. (Both sample files reference multiplex group 1
/// for these points while their values only fit the median group, so the group reference is not used.)
enum DICOMAnnotations {
  enum Quantity: Equatable { case rr, pr, qrs, qt, qtc, pAxis, qrsAxis, tAxis, ventRate, atrialRate, pDuration }
  enum Point: Equatable { case pOn, pOff, qrsOn, qrsOff, tOff }

  static let codes: [String: Quantity] = [
    "5.10.2.1-3": .rr, "5.13.5-7": .pr, "5.13.5-9": .qrs, "5.13.5-11": .qt, "5.10.2.5-5": .qtc,
    "5.10.3-11": .pAxis, "5.10.3-13": .qrsAxis, "5.10.3-15": .tAxis,
  ]
  static let meanings: [String: Quantity] = [
    "rr interval": .rr, "pr interval": .pr, "qrs duration": .qrs, "qt interval": .qt, "qtc interval": .qtc,
    "p axis": .pAxis, "qrs axis": .qrsAxis, "t axis": .tAxis, "ventricular rate": .ventRate,
    "ventricular heart rate": .ventRate, "heart rate": .ventRate, "atrial rate": .atrialRate,
    "atrial heart rate": .atrialRate, "p duration": .pDuration,
  ]
  static let points: [String: Point] = [
    "5.10.3-1": .pOn, "5.10.3-2": .pOff, "5.10.3-3": .qrsOn, "5.10.3-4": .qrsOff, "5.10.3-5": .tOff,
  ]

  static func measurements(
    _ ds: DICOMDataset, groups: [DICOMDataset], program: String?,
    warnings: inout [String]
  ) -> CartMeasurements? {
    var m = CartMeasurements()
    m.program = program
    var positions: [(group: Int, point: Point, position: Int)] = []
    for item in ds.items(0x0040_B020) {
      guard let concept = item.items(0x0040_A043).first else { continue }
      let code = concept.string(0x0008_0100) ?? ""
      let meaning = (concept.string(0x0008_0104) ?? "").lowercased()
      if let point = points[code], let position = item.unsigned(0x0040_A132, width: 4).first {
        positions.append((item.unsigned(0x0040_A180, width: 2).first ?? 0, point, position))
        continue
      }
      guard let quantity = codes[code] ?? meanings[meaning], var value = item.number(0x0040_A30A),
        value.isFinite, value < 29999
      else { continue }
      let unit = item.items(0x0040_08EA).first?.string(0x0008_0100) ?? ""
      if unit == "s", ![.pAxis, .qrsAxis, .tAxis, .ventRate, .atrialRate].contains(quantity) { value *= 1000 }
      assign(quantity, value, to: &m)
    }
    applyPoints(positions, groups: groups, to: &m, warnings: &warnings)
    return m == CartMeasurements(program: program) ? nil : m
  }

  private static func assign(_ q: Quantity, _ value: Double, to m: inout CartMeasurements) {
    let axisOK = (-360...360).contains(value)
    switch q {
    case .rr: if value > 0 { m.rrMs = value }
    case .pr: if value > 0 { m.prMs = value }
    case .qrs: if value > 0 { m.qrsMs = value }
    case .qt: if value > 0 { m.qtMs = value }
    case .qtc: if value > 0 { m.qtcMs = value }
    case .pDuration: if value > 0 { m.pDurationMs = value }
    case .ventRate: if value > 0 { m.ventricularRateBpm = value }
    case .atrialRate: if value > 0 { m.atrialRateBpm = value }
    case .pAxis: if axisOK { m.pAxisDeg = value }
    case .qrsAxis: if axisOK { m.qrsAxisDeg = value }
    case .tAxis: if axisOK { m.tAxisDeg = value }
    }
  }

  private static func applyPoints(
    _ positions: [(group: Int, point: Point, position: Int)], groups: [DICOMDataset],
    to m: inout CartMeasurements, warnings: inout [String]
  ) {
    guard let group = positions.first(where: { $0.point == .qrsOn })?.group else { return }
    let set = positions.filter { $0.group == group }
    let median = groups.first { ($0.string(0x003A_0020) ?? "").uppercased().contains("MEDIAN") }
    guard let median, let rate = median.number(0x003A_001A), rate > 0,
      let count = median.unsigned(0x003A_0010, width: 4).first,
      set.allSatisfy({ $0.position >= 1 && $0.position <= count })
    else {
      warnings.append("DICOM annotation fiducial points not read: no median-beat group they fit")
      return
    }
    for entry in set {
      let ms = Double(entry.position - 1) * 1000 / rate
      switch entry.point {
      case .pOn: m.pOnsetMs = m.pOnsetMs ?? ms
      case .pOff: m.pOffsetMs = m.pOffsetMs ?? ms
      case .qrsOn: m.qrsOnsetMs = m.qrsOnsetMs ?? ms
      case .qrsOff: m.qrsOffsetMs = m.qrsOffsetMs ?? ms
      case .tOff: m.tOffsetMs = m.tOffsetMs ?? ms
      }
    }
  }
}
