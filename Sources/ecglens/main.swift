import ECGLensCLI

ECGLens.main()
