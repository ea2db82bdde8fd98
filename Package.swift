// swift-tools-version: 6.0
//
// ECGLens: ECG waveforms -> validated, interpretable features -> explainable models.
//
// Library modules follow the data flow; each imports only modules above it in this list, and
// every edge is declared below:
//   Core          sampling rates, atomic files, seeded generator, descriptive statistics
//   Signals       Core                      records and file formats (WFDB)
//   DSP           Core                      filters, resampling, running statistics
//   Embeddings    Signals, DSP, COnnxRuntime  pretrained encoders through ONNX Runtime (dlopen'ed), embed batches
//   Delineation   Signals, DSP              QRS detection, P/QRS/T delineation, their scoring
//   Measurements  Delineation               intervals, axes, amplitudes, quality, the catalogue
//   Tables        Core                      CSV, typed tables, machine-measurement schema
//   Extraction    Measurements, Tables      record discovery, record -> features row, batches
//   Statistics    Core                      AUROC, DeLong, bootstrap, calibration, NRI/IDI
//   Cohorts       Tables                    labels from diagnoses, labs, X-rays; patient splits
//   Boosting      CXGBoost                  XGBoost through its C API
//   Modelling     Cohorts, Boosting, Statistics   per-target training (trees, linear probe), RFE, study folders
//   Privacy       Cohorts, Boosting, Statistics   re-identification audit: linkage, attributes, mitigations
//   Reports       Extraction, Modelling, Privacy  HTML study reports, explanations, audits (inline SVG)
//   Pipeline      Reports                   the study: config, steps, cache, evaluation files
//   ECGLensCLI    Pipeline, ArgumentParser  thin commands; ecglens: the executable
//   ECGLensC      Extraction, Modelling     the C ABI (a dynamic library) the Python package loads
// Only ECGLensCLI imports ArgumentParser.
import PackageDescription

let package = Package(
  name: "ECGLens",
  products: [
    .executable(name: "ecglens", targets: ["ecglens"]),
    .library(name: "Core", targets: ["Core"]),
    .library(name: "Signals", targets: ["Signals"]),
    .library(name: "DSP", targets: ["DSP"]),
    .library(name: "Embeddings", targets: ["Embeddings"]),
    .library(name: "Delineation", targets: ["Delineation"]),
    .library(name: "Measurements", targets: ["Measurements"]),
    .library(name: "Tables", targets: ["Tables"]),
    .library(name: "Extraction", targets: ["Extraction"]),
    .library(name: "Statistics", targets: ["Statistics"]),
    .library(name: "Cohorts", targets: ["Cohorts"]),
    .library(name: "Boosting", targets: ["Boosting"]),
    .library(name: "Modelling", targets: ["Modelling"]),
    .library(name: "Privacy", targets: ["Privacy"]),
    .library(name: "Reports", targets: ["Reports"]),
    .library(name: "Pipeline", targets: ["Pipeline"]),
    // The C ABI (Sources/ECGLensC/ecglens.h) that python/ (`import ecglens`) loads with ctypes.
    .library(name: "ECGLensC", type: .dynamic, targets: ["ECGLensC"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/apple/swift-numerics", from: "1.1.1"),
  ],
  targets: [
    .target(name: "Core"),
    .target(name: "Signals", dependencies: ["Core"]),
    .target(name: "DSP", dependencies: ["Core", .product(name: "ComplexModule", package: "swift-numerics")]),
    // Our own minimal declarations of ONNX Runtime's C ABI; libonnxruntime is dlopen'ed at run time
    // (the `onnxruntime` PyPI package ships it), so nothing links against it.
    .target(name: "COnnxRuntime", linkerSettings: [.linkedLibrary("dl", .when(platforms: [.linux]))]),
    .target(name: "Embeddings", dependencies: ["Core", "Signals", "DSP", "COnnxRuntime"]),
    .target(name: "Delineation", dependencies: ["Core", "Signals", "DSP"]),
    .target(name: "Measurements", dependencies: ["Core", "Signals", "DSP", "Delineation"]),
    .target(name: "Tables", dependencies: ["Core"]),
    .target(name: "Extraction", dependencies: ["Core", "Signals", "DSP", "Delineation", "Measurements", "Tables"]),
    .target(name: "Statistics", dependencies: ["Core"]),
    // Resources: the ICD-10-CM code table and the CMS ICD-9 -> ICD-10 GEMs (public domain;
    // built by Scripts/make_icd_tables.py).
    .target(name: "Cohorts", dependencies: ["Core", "Tables"], resources: [.copy("Resources")]),
    // Debian's libxgboost-dev (1.7.x): header xgboost/c_api.h, library libxgboost.so.
    .systemLibrary(name: "CXGBoost", pkgConfig: "xgboost", providers: [.apt(["libxgboost-dev"])]),
    .target(name: "Boosting", dependencies: ["CXGBoost"]),
    .target(name: "Modelling", dependencies: ["Core", "Tables", "Cohorts", "Boosting", "Statistics"]),
    .target(name: "Privacy", dependencies: ["Core", "Tables", "Statistics", "Cohorts", "Boosting"]),
    .target(
      name: "Reports",
      dependencies: [
        "Core", "Signals", "Delineation", "Measurements", "Tables", "Boosting", "Modelling", "Statistics", "Privacy",
      ]),
    .target(
      name: "Pipeline",
      dependencies: [
        "Core", "Signals", "Measurements", "Tables", "Extraction", "Statistics", "Cohorts", "Boosting", "Modelling", "Reports",
      ]),
    .target(
      name: "ECGLensCLI",
      dependencies: [
        "Core", "Signals", "Delineation", "Tables", "Extraction", "Statistics", "Cohorts", "Boosting", "Modelling", "Privacy",
        "Reports", "Pipeline", "Embeddings", .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),
    .executableTarget(name: "ecglens", dependencies: ["ECGLensCLI"]),
    .target(
      name: "ECGLensC", dependencies: ["Signals", "Delineation", "Measurements", "Tables", "Extraction", "Modelling"],
      exclude: ["ecglens.h"]),

    // MARK: - Tests
    .target(name: "ECGLensTestSupport", dependencies: ["Core", "Reports"], path: "Tests/ECGLensTestSupport"),
    .testTarget(name: "CoreTests", dependencies: ["Core", "ECGLensTestSupport"]),
    .testTarget(name: "SignalsTests", dependencies: ["Signals", "ECGLensTestSupport"]),
    .testTarget(name: "FormatsTests", dependencies: ["Core", "Signals", "ECGLensTestSupport"]),
    .testTarget(name: "DSPTests", dependencies: ["DSP", "ECGLensTestSupport"]),
    .testTarget(name: "EmbeddingsTests", dependencies: ["Embeddings", "COnnxRuntime", "Signals", "ECGLensTestSupport"]),
    .testTarget(name: "TablesTests", dependencies: ["Tables", "ECGLensTestSupport"]),
    .testTarget(name: "CohortsTests", dependencies: ["Cohorts", "Tables", "ECGLensTestSupport"]),
    .testTarget(name: "StatisticsTests", dependencies: ["Statistics", "Modelling", "ECGLensTestSupport"]),
    .testTarget(name: "ReportsTests", dependencies: ["Reports", "Statistics", "Measurements", "Privacy", "ECGLensTestSupport"]),
    .testTarget(name: "PrivacyTests", dependencies: ["Privacy", "Core", "Tables", "ECGLensTestSupport"]),
    .testTarget(name: "BoostingTests", dependencies: ["Boosting", "ECGLensTestSupport"]),
    .testTarget(
      name: "ModellingTests", dependencies: ["Modelling", "Boosting", "Tables", "Cohorts", "Statistics", "ECGLensTestSupport"]),
    .testTarget(name: "MeasurementsTests", dependencies: ["Measurements", "Delineation", "Signals", "ECGLensTestSupport"]),
    .testTarget(
      name: "DelineationTests", dependencies: ["Delineation", "Signals", "DSP", "ECGLensTestSupport"]),
    .testTarget(name: "PipelineTests", dependencies: ["Pipeline", "ECGLensTestSupport"]),
    // The fault campaign: seeded mutants of real files against every reader (FaultTests in CI,
    // bounded; ecglens-fuzz for long runs).
    .target(
      name: "FaultInjection", dependencies: ["Core", "Signals", "Tables", "Extraction", "Pipeline", "ECGLensTestSupport"],
      path: "Tests/FaultInjection"),
    .testTarget(name: "FaultTests", dependencies: ["FaultInjection", "ECGLensTestSupport"]),
    .executableTarget(name: "ecglens-fuzz", dependencies: ["FaultInjection"], path: "Tests/ecglens-fuzz"),
    .testTarget(
      name: "ExtractionTests", dependencies: ["Core", "Extraction", "Measurements", "Delineation", "Signals", "Tables", "ECGLensTestSupport"]),
    .testTarget(
      name: "ECGLensCLITests", dependencies: ["ECGLensCLI", "Extraction", "Pipeline", "Signals", "ECGLensTestSupport"]),
  ],
  swiftLanguageModes: [.v6]
)
