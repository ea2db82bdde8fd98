// swift-tools-version: 6.0
//
// ECGLens: ECG waveforms -> validated, interpretable features -> explainable models.
//
// Modules follow the data flow and import only the ones before them:
//   Signals (records, WFDB I/O) <- DSP (filters, resampling, running statistics)
//   <- Delineation (QRS detection, beat matching, P/QRS/T delineation) <- Measurements (global
//   intervals, axes, amplitudes, rhythm, quality, the feature catalogue) <- Tables (CSV, typed tables, machine
//   measurements) <- Cohorts (patient-grouped splits) <- Boosting (XGBoost through its C API)
//   <- Modelling (per-target training, RFE, studies) <- Statistics (AUROC, DeLong, bootstrap)
//   <- Reports (HTML study reports with inline SVG) <- ECGLensCLI (commands) <- ecglens.
//   Tables uses only Signals' file output; Boosting only the system library CXGBoost.
// Only ECGLensCLI imports ArgumentParser.
import PackageDescription

let package = Package(
  name: "ECGLens",
  products: [
    .executable(name: "ecglens", targets: ["ecglens"]),
    .library(name: "Signals", targets: ["Signals"]),
    .library(name: "DSP", targets: ["DSP"]),
    .library(name: "Delineation", targets: ["Delineation"]),
    .library(name: "Measurements", targets: ["Measurements"]),
    .library(name: "Tables", targets: ["Tables"]),
    .library(name: "Cohorts", targets: ["Cohorts"]),
    .library(name: "Boosting", targets: ["Boosting"]),
    .library(name: "Modelling", targets: ["Modelling"]),
    .library(name: "Statistics", targets: ["Statistics"]),
    .library(name: "Reports", targets: ["Reports"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/apple/swift-numerics", from: "1.1.1"),
  ],
  targets: [
    .target(name: "Signals"),
    .target(
      name: "DSP",
      dependencies: [.product(name: "ComplexModule", package: "swift-numerics")]),
    .target(name: "Delineation", dependencies: ["Signals", "DSP"]),
    .target(name: "Measurements", dependencies: ["DSP", "Delineation"]),
    .target(name: "Tables", dependencies: ["Signals"]),
    // Resources: the ICD-10-CM code table and the CMS ICD-9 -> ICD-10 GEMs (public domain;
    // built by Scripts/make_icd_tables.py).
    .target(name: "Cohorts", dependencies: ["Tables"], resources: [.copy("Resources")]),
    // Debian's libxgboost-dev (1.7.x): header xgboost/c_api.h, library libxgboost.so.
    .systemLibrary(name: "CXGBoost", pkgConfig: "xgboost", providers: [.apt(["libxgboost-dev"])]),
    .target(name: "Boosting", dependencies: ["CXGBoost"]),
    .target(name: "Modelling", dependencies: ["Tables", "Cohorts", "Boosting"]),
    .target(name: "Statistics", dependencies: ["Cohorts"]),
    .target(name: "Reports", dependencies: ["Measurements", "Tables", "Boosting", "Modelling", "Statistics"]),
    .target(
      name: "ECGLensCLI",
      dependencies: [
        "Signals", "DSP", "Delineation", "Measurements", "Tables", "Cohorts", "Boosting", "Modelling", "Statistics", "Reports",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),
    .executableTarget(name: "ecglens", dependencies: ["ECGLensCLI"]),

    // MARK: - Tests
    .target(name: "ECGLensTestSupport", path: "Tests/ECGLensTestSupport"),
    .testTarget(name: "SignalsTests", dependencies: ["Signals", "ECGLensTestSupport"]),
    .testTarget(name: "DSPTests", dependencies: ["DSP", "ECGLensTestSupport"]),
    .testTarget(name: "TablesTests", dependencies: ["Tables", "ECGLensTestSupport"]),
    .testTarget(name: "CohortsTests", dependencies: ["Cohorts", "Tables", "ECGLensTestSupport"]),
    .testTarget(name: "StatisticsTests", dependencies: ["Statistics", "Modelling", "ECGLensTestSupport"]),
    .testTarget(name: "ReportsTests", dependencies: ["Reports", "Statistics", "ECGLensTestSupport"]),
    .testTarget(name: "BoostingTests", dependencies: ["Boosting", "ECGLensTestSupport"]),
    .testTarget(
      name: "ModellingTests", dependencies: ["Modelling", "Boosting", "Tables", "Cohorts", "ECGLensTestSupport"]),
    .testTarget(name: "MeasurementsTests", dependencies: ["Measurements", "Delineation", "Signals", "ECGLensTestSupport"]),
    .testTarget(
      name: "DelineationTests", dependencies: ["Delineation", "Signals", "DSP", "ECGLensTestSupport"]),
    .testTarget(
      name: "ECGLensCLITests", dependencies: ["ECGLensCLI", "Signals", "ECGLensTestSupport"]),
  ],
  swiftLanguageModes: [.v6]
)
