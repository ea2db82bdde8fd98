/*
 * ecglens.h: the C ABI of ECGLens (library libECGLensC, `swift build -c release --product ECGLensC`).
 * ABI version 1 (ecglens_abi_version). The Python package in python/ is its reference caller.
 *
 * Conventions
 * - Status: every function that can fail returns int32_t, ECGLENS_OK (0) on success. On failure,
 *   if `error` is not NULL, *error receives a message naming the file, the lead and the problem
 *   (the text the `ecglens` command prints); the caller releases it with ecglens_free. On success
 *   *error is set to NULL. No Swift error or trap crosses the ABI for any input the caller
 *   describes truthfully (pointers valid for the sizes and strides given).
 * - Memory: what the library allocates (messages, text, JSON, int64 arrays) is released with
 *   ecglens_free; a recording handle with ecglens_recording_free, exactly once. Feature rows and
 *   recording signals go into buffers the caller allocates.
 * - Signals: a strided view of float64 samples in the caller's memory: sample s of lead l is at
 *   signals[s * sample_stride + l * lead_stride] (strides in elements, either sign). A C-ordered
 *   (samples x leads) array has strides (leads, 1), a Fortran-ordered one (1, samples). Units mV;
 *   NaN marks a missing sample; an infinite value is ECGLENS_INVALID_ARGUMENT. The library copies
 *   what it needs and keeps no pointer after returning.
 * - Threads: no global mutable state. Concurrent calls are safe, including concurrent reads of
 *   one recording handle. Calls do not block on each other.
 */
#ifndef ECGLENS_H
#define ECGLENS_H
#include <stdint.h>

#define ECGLENS_OK 0
#define ECGLENS_INVALID_ARGUMENT 1 /* NULL pointer, bad size or stride, unknown option */
#define ECGLENS_READ 2             /* a file cannot be read or is not what it should be */
#define ECGLENS_ANALYSIS 3         /* signals cannot be analysed (rate, length, no usable lead) */
#define ECGLENS_STUDY 4            /* a study folder cannot be read */
#define ECGLENS_INTERNAL 5         /* unexpected; the message says what */
#define ECGLENS_SKIPPED 6          /* ecglens_extract_record: skipped as `ecglens extract` skips it */

typedef struct ecglens_recording ecglens_recording;

int32_t ecglens_abi_version(void);
void ecglens_free(void *pointer);

/* Records in every format ECGLens reads (WFDB, GE MUSE, Philips, HL7 aECG, SCP-ECG, DICOM, EDF). */
int32_t ecglens_read_record(const char *path, ecglens_recording **out, char **error);
int32_t ecglens_recording_shape(const ecglens_recording *r, int64_t *samples, int64_t *leads,
                                double *sampling_rate, char **error);
/* Physical values (mV) into the caller's C-ordered samples x leads buffer. */
int32_t ecglens_recording_signals(const ecglens_recording *r, double *out, int64_t samples, int64_t leads,
                                  char **error);
/* JSON object: name, path, format, sampling_rate, samples, duration_seconds, leads, units, gains,
 * baselines, adc_resolutions, storage_formats, comments, age_years, sex_male, base_date, base_time,
 * warnings. */
int32_t ecglens_recording_metadata(const ecglens_recording *r, char **json, char **error);
void ecglens_recording_free(ecglens_recording *r);

/* R peaks (0-based samples) of one lead, or fused over several leads and placed on the first.
 * lead_names (NULL: indices) name the leads in messages. */
int32_t ecglens_rpeaks(const double *signals, int64_t samples, int64_t leads, int64_t sample_stride,
                       int64_t lead_stride, double sampling_rate, const char *const *lead_names, int64_t **peaks,
                       int64_t *count, char **error);

/* Delineation of every lead together. mode: 0 guided, 1 independent, 2 consensus. *rows: row_count
 * rows of 9 int64: lead index (-1 global), p_on, p_peak, p_off, qrs_on, r_peak, qrs_off, t_peak,
 * t_off (-1 absent). *lead_problems: "name: problem" lines. lead_names may be NULL (indices). */
int32_t ecglens_delineate(const double *signals, int64_t samples, int64_t leads, int64_t sample_stride,
                          int64_t lead_stride, double sampling_rate, const char *const *lead_names, int32_t mode,
                          int32_t include_global, int64_t **rows, int64_t *row_count, char **lead_problems,
                          char **error);

/* Feature rows: value_count must equal ecglens_feature_count(); values as `ecglens extract` writes
 * them (4 decimals), NaN where the CSV cell is empty. */
int64_t ecglens_feature_count(void);
int32_t ecglens_feature_catalogue(char **csv, char **error);
/* summary: 4 doubles (sampling rate Hz, duration s, beats, usable leads) or NULL. Returns
 * ECGLENS_SKIPPED when the command would skip the record; *ecg_id and *lead_problems are set either way. */
int32_t ecglens_extract_record(const char *path, int32_t id_from_path, double *values, int64_t value_count,
                               double *summary, char **ecg_id, char **lead_problems, char **error);
/* age_years: NaN unknown; sex_male: 1, 0, -1 unknown. summary: 2 doubles (beats, usable leads) or NULL. */
int32_t ecglens_extract_signals(const double *signals, int64_t samples, int64_t leads, int64_t sample_stride,
                                int64_t lead_stride, double sampling_rate, const char *const *lead_names,
                                double age_years, int32_t sex_male, double *values, int64_t value_count,
                                double *summary, char **lead_problems, char **error);
/* JSON array of the record paths `ecglens extract` would measure for these arguments. */
int32_t ecglens_discover_records(const char *const *arguments, int64_t count, char **json, char **error);

/* Studies: study.json checked and re-encoded as JSON (camel-case keys, as the file). */
int32_t ecglens_read_study(const char *path, char **json, char **error);

#endif
