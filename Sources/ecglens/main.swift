import ECGLensCLI

#if os(Linux)
  // A batch run allocates and frees signal-sized buffers (megabytes) for record after record.
  // glibc's defaults give such blocks back to the kernel (mmap, heap trimming) and fault them in
  // again for the next record; on MIT-BIH that was a third of the detection time, and whether
  // it happened depended on the order in which buffers were freed. Keep blocks up to 64 MiB on
  // the heap and trim only above 256 MiB of free space. (glibc <malloc.h>, which Swift's Glibc
  // module does not expose: M_TRIM_THRESHOLD = -1, M_MMAP_THRESHOLD = -3.)
  @_silgen_name("mallopt") func mallopt(_ parameter: Int32, _ value: Int32) -> Int32
  _ = mallopt(-3, 64 << 20)
  _ = mallopt(-1, 256 << 20)
#endif

ECGLens.runMain()
