import ECGLensTestSupport
import Foundation
import Testing

@testable import Extraction

/// `validateCartMeasurements` on the vendor files bundled in Samples/vendor-formats.
@Suite struct CartValidationTests {
  @Test func bundledVendorFiles_areComparedQuantityByQuantity() throws {
    let v = try validateCartMeasurements(folder: TestPaths.samples + "/vendor-formats")
    #expect(v.failures.isEmpty)
    #expect(v.files == 3)
    #expect(v.comparisons.count == 3 * cartQuantities.count)
    let philips = v.comparisons.filter { $0.file == "philips-sierra/129DYPRG.XML" }
    #expect(philips.first { $0.quantity == "pr" }?.cart == 151)
    #expect(philips.first { $0.quantity == "qt" }?.cart == 476)
    // ECGLens measured every quantity of this sinus-rhythm ECG.
    #expect(philips.allSatisfy { !$0.ecglens.isNaN })
    #expect(v.table.contains("not a validation"))
  }

  @Test func axisDifference_isTheSignedAngle() {
    func axis(_ cart: Double, _ ecglens: Double) -> Double {
      CartComparison(file: "f", vendor: "v", program: "", quantity: "qrs_axis", cart: cart, ecglens: ecglens).difference
    }
    #expect(axis(170, -170) == 20)
    #expect(axis(-170, 170) == -20)
    #expect(axis(-61, -73) == -12)
    #expect(CartComparison(file: "f", vendor: "v", program: "", quantity: "qt", cart: 420, ecglens: 385).difference == -35)
  }
}
