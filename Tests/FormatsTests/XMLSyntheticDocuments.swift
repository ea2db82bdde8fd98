import Foundation

@testable import Signals

/// Small hand-made documents of each format, for unit tests that need no real data.
enum SyntheticDocuments {
  static func base64Int16(_ values: [Int]) -> String {
    let bytes = values.flatMap { value -> [UInt8] in
      let bits = UInt16(bitPattern: Int16(value))
      return [UInt8(bits & 0xFF), UInt8(bits >> 8)]
    }
    return Data(bytes).base64EncodedString()
  }

  static func museLead(_ id: String, _ values: [Int], units: String = "MICROVOLTS", perBit: String = "4.88") -> String {
    """
    <LeadData><LeadByteCountTotal>\(values.count * 2)</LeadByteCountTotal>
    <LeadSampleCountTotal>\(values.count)</LeadSampleCountTotal>
    <LeadAmplitudeUnitsPerBit>\(perBit)</LeadAmplitudeUnitsPerBit><LeadAmplitudeUnits>\(units)</LeadAmplitudeUnits>
    <LeadID>\(id)</LeadID><LeadSampleSize>2</LeadSampleSize>
    <WaveFormData>\(base64Int16(values))</WaveFormData></LeadData>
    """
  }

  static let muse = """
    <?xml version="1.0" encoding="ISO-8859-1"?>
    <!DOCTYPE RestingECG SYSTEM "restecg.dtd">
    <RestingECG>
      <PatientDemographics><PatientAge>6</PatientAge><AgeUnits>MONTHS</AgeUnits><Gender>FEMALE</Gender>
      <PatientID> MRN-0042 </PatientID></PatientDemographics>
      <TestDemographics><AcquisitionTime>10:21:07</AcquisitionTime><AcquisitionDate>03-04-2019</AcquisitionDate>
      </TestDemographics>
      <RestingECGMeasurements><VentricularRate>72</VentricularRate><QTCorrected>29999</QTCorrected>
        <QOnset>100</QOnset><ECGSampleBase>250</ECGSampleBase><ECGSampleExponent>0</ECGSampleExponent>
      </RestingECGMeasurements>
      <Waveform><WaveformType>Rhythm</WaveformType><SampleBase>25</SampleBase><SampleExponent>1</SampleExponent>
      \(museLead("I", [0, 1000, -1000])) \(museLead("II", [2, 4, 6], units: "MILLIVOLTS", perBit: "0.5"))
      </Waveform>
    </RestingECG>
    """

  /// A PhilipsECG 1.04 document with uncompressed Base64 or Plain samples (3 leads x 4).
  static func philips(
    encoding: String = "Base64", compression: String = "Uncompressed", rate: String? = "500",
    payload: String? = nil
  ) -> String {
    let values = [1, 2, 3, 4, -1, -2, -3, -4, 100, 200, 300, 400]
    let body = payload ?? (encoding == "Plain" ? values.map(String.init).joined(separator: " ") : base64Int16(values))
    return """
      <?xml version="1.0" encoding="utf-8"?>
      <restingecgdata xmlns="http://www3.medical.philips.com" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
        <documentinfo><documenttype>PhilipsECG</documenttype><documentversion>1.04</documentversion></documentinfo>
        <dataacquisition date="2019-03-04" time="10:21:07"><signalcharacteristics>
          \(rate.map { "<samplingrate>\($0)</samplingrate>" } ?? "")<resolution>5</resolution>
        </signalcharacteristics></dataacquisition>
        <patient><generalpatientdata><age><years>61</years></age><sex>Female</sex></generalpatientdata></patient>
        <waveforms><parsedwaveforms dataencoding="\(encoding)" compression="\(compression)" numberofleads="3"
          leadlabels="I II V1" durationperchannel="8">\(body)</parsedwaveforms></waveforms>
      </restingecgdata>
      """
  }

  static let aecg = """
    <?xml version="1.0"?>
    <AnnotatedECG xmlns="urn:hl7-org:v3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
      <effectiveTime><center value="20190304102107"/></effectiveTime>
      <component><series><code code="RHYTHM"/>
        <component><sequenceSet>
          <component><sequence><code code="TIME_RELATIVE"/><value xsi:type="GLIST_PQ">
            <head value="0" unit="ms"/><increment value="1" unit="ms"/></value></sequence></component>
          <component><sequence><code code="MDC_ECG_LEAD_AVR"/><value xsi:type="SLIST_PQ">
            <origin value="0.5" unit="mV"/><scale value="2.5" unit="uV"/><digits>0 4 -4 1.5</digits>
          </value></sequence></component>
        </sequenceSet></component>
        <subjectOf><annotationSet><component><annotation><code code="MDC_ECG_TIME_PD_QT"/>
          <value xsi:type="PQ" value="0.41" unit="s"/></annotation></component></annotationSet></subjectOf>
      </series></component>
    </AnnotatedECG>
    """

  /// `text` as UTF-16 little endian with a byte-order mark.
  static func utf16(_ text: String) -> Data {
    let units = Array(text.utf16)
    var bytes = [UInt8](repeating: 0, count: 2 * units.count + 2)
    bytes[0] = 0xFF
    bytes[1] = 0xFE
    for index in 0..<units.count {
      bytes[2 + 2 * index] = UInt8(units[index] & 0xFF)
      bytes[3 + 2 * index] = UInt8(units[index] >> 8)
    }
    return Data(bytes)
  }

  /// The text of a UTF-16 LE document with byte-order mark.
  static func text(ofUTF16 data: Data) -> String {
    let bytes = Array(data.dropFirst(2))
    var units = [UInt16](repeating: 0, count: bytes.count / 2)
    for index in 0..<units.count { units[index] = UInt16(bytes[2 * index]) | UInt16(bytes[2 * index + 1]) << 8 }
    return String(decoding: units, as: UTF16.self)
  }
}
