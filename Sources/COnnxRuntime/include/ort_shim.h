// Minimal, self-written declarations of the ONNX Runtime C ABI used by ECGLens' Embeddings module.
//
// ONNX Runtime's entry point is one exported symbol, OrtGetApiBase, returning {GetApi, GetVersionString}.
// GetApi(version) returns a table of function pointers (struct OrtApi). The table is append-only: an entry
// keeps its position in every later release, so a caller built against version N works with any library
// whose ORT_API_VERSION >= N. We target ECG_ORT_API_VERSION 13 (ONNX Runtime >= 1.13) and use entries at
// positions 0-100 only, all present since the first versions of the table.
//
// Positions were read from include/onnxruntime/core/session/onnxruntime_c_api.h (microsoft/onnxruntime,
// the ORT_API_VERSION 13 header: the order of the members of struct OrtApi) and cross-checked against the
// C# binding's mirror of the same table (csharp/src/Microsoft.ML.OnnxRuntime/NativeMethods.shared.cs, which
// lists KernelInfoGetAttribute_string at 87, shifting every Release* entry to 92-101). The Swift tests call
// each entry and check its observable behaviour (OnnxRuntimeABITests).
//
// Every enum that crosses the ABI (OrtLoggingLevel, GraphOptimizationLevel, ONNXTensorElementDataType,
// OrtAllocatorType, OrtMemType, OrtErrorCode, ONNXType) is a plain C enum, passed here as int.
#ifndef ECG_ORT_SHIM_H
#define ECG_ORT_SHIM_H

#include <stddef.h>
#include <stdint.h>

#define ECG_ORT_API_VERSION 13

// Opaque ONNX Runtime objects (never dereferenced here).
typedef struct OrtStatus OrtStatus;
typedef struct OrtEnv OrtEnv;
typedef struct OrtSession OrtSession;
typedef struct OrtSessionOptions OrtSessionOptions;
typedef struct OrtValue OrtValue;
typedef struct OrtTypeInfo OrtTypeInfo;
typedef struct OrtTensorTypeAndShapeInfo OrtTensorTypeAndShapeInfo;
typedef struct OrtMemoryInfo OrtMemoryInfo;
typedef struct OrtAllocator OrtAllocator;

/// The two-entry struct OrtGetApiBase returns.
typedef struct ECGOrtApiBase {
  const void *(*GetApi)(uint32_t version);
  const char *(*GetVersionString)(void);
} ECGOrtApiBase;

/// Positions (0-based) of the entries we call in struct OrtApi.
enum ECGOrtSlot {
  ECG_ORT_CREATE_STATUS = 0,
  ECG_ORT_GET_ERROR_CODE = 1,
  ECG_ORT_GET_ERROR_MESSAGE = 2,
  ECG_ORT_CREATE_ENV = 3,
  ECG_ORT_CREATE_SESSION = 7,
  ECG_ORT_RUN = 9,
  ECG_ORT_CREATE_SESSION_OPTIONS = 10,
  ECG_ORT_SET_GRAPH_OPTIMIZATION_LEVEL = 23,
  ECG_ORT_SET_INTRA_OP_NUM_THREADS = 24,
  ECG_ORT_SET_INTER_OP_NUM_THREADS = 25,
  ECG_ORT_SESSION_GET_INPUT_COUNT = 30,
  ECG_ORT_SESSION_GET_OUTPUT_COUNT = 31,
  ECG_ORT_SESSION_GET_INPUT_TYPE_INFO = 33,
  ECG_ORT_SESSION_GET_OUTPUT_TYPE_INFO = 34,
  ECG_ORT_SESSION_GET_INPUT_NAME = 36,
  ECG_ORT_SESSION_GET_OUTPUT_NAME = 37,
  ECG_ORT_CREATE_TENSOR_WITH_DATA = 49,
  ECG_ORT_GET_TENSOR_MUTABLE_DATA = 51,
  ECG_ORT_CAST_TYPE_INFO_TO_TENSOR_INFO = 55,
  ECG_ORT_GET_TENSOR_ELEMENT_TYPE = 60,
  ECG_ORT_GET_DIMENSIONS_COUNT = 61,
  ECG_ORT_GET_DIMENSIONS = 62,
  ECG_ORT_GET_SYMBOLIC_DIMENSIONS = 63,
  ECG_ORT_GET_TENSOR_TYPE_AND_SHAPE = 65,
  ECG_ORT_CREATE_CPU_MEMORY_INFO = 69,
  ECG_ORT_ALLOCATOR_FREE = 76,
  ECG_ORT_GET_ALLOCATOR_WITH_DEFAULT_OPTIONS = 78,
  ECG_ORT_RELEASE_ENV = 92,
  ECG_ORT_RELEASE_STATUS = 93,
  ECG_ORT_RELEASE_MEMORY_INFO = 94,
  ECG_ORT_RELEASE_SESSION = 95,
  ECG_ORT_RELEASE_VALUE = 96,
  ECG_ORT_RELEASE_TYPE_INFO = 98,
  ECG_ORT_RELEASE_TENSOR_TYPE_AND_SHAPE_INFO = 99,
  ECG_ORT_RELEASE_SESSION_OPTIONS = 100,
};

/// Calls the OrtGetApiBase function found by dlsym (`symbol`); returns NULL when `symbol` is NULL.
const ECGOrtApiBase *ecg_ort_api_base(void *symbol);

// One wrapper per table entry: `api` is the table GetApi returned. Status-returning calls return NULL on
// success, else an OrtStatus the caller must release with ecg_ort_release_status.
OrtStatus *ecg_ort_create_status(const void *api, int code, const char *message);
int ecg_ort_get_error_code(const void *api, const OrtStatus *status);
const char *ecg_ort_get_error_message(const void *api, const OrtStatus *status);
OrtStatus *ecg_ort_create_env(const void *api, int log_level, const char *log_id, OrtEnv **out);
OrtStatus *ecg_ort_create_session(const void *api, const OrtEnv *env, const char *model_path,
                                  const OrtSessionOptions *options, OrtSession **out);
OrtStatus *ecg_ort_run(const void *api, OrtSession *session, const char *const *input_names,
                       const OrtValue *const *inputs, size_t input_count, const char *const *output_names,
                       size_t output_count, OrtValue **outputs);
OrtStatus *ecg_ort_create_session_options(const void *api, OrtSessionOptions **out);
OrtStatus *ecg_ort_set_graph_optimization_level(const void *api, OrtSessionOptions *options, int level);
OrtStatus *ecg_ort_set_intra_op_num_threads(const void *api, OrtSessionOptions *options, int threads);
OrtStatus *ecg_ort_set_inter_op_num_threads(const void *api, OrtSessionOptions *options, int threads);
OrtStatus *ecg_ort_session_get_input_count(const void *api, const OrtSession *session, size_t *out);
OrtStatus *ecg_ort_session_get_output_count(const void *api, const OrtSession *session, size_t *out);
OrtStatus *ecg_ort_session_get_input_type_info(const void *api, const OrtSession *session, size_t index,
                                               OrtTypeInfo **out);
OrtStatus *ecg_ort_session_get_output_type_info(const void *api, const OrtSession *session, size_t index,
                                                OrtTypeInfo **out);
OrtStatus *ecg_ort_session_get_input_name(const void *api, const OrtSession *session, size_t index,
                                          OrtAllocator *allocator, char **out);
OrtStatus *ecg_ort_session_get_output_name(const void *api, const OrtSession *session, size_t index,
                                           OrtAllocator *allocator, char **out);
OrtStatus *ecg_ort_create_tensor_with_data(const void *api, const OrtMemoryInfo *info, void *data,
                                           size_t byte_count, const int64_t *shape, size_t rank,
                                           int element_type, OrtValue **out);
OrtStatus *ecg_ort_get_tensor_mutable_data(const void *api, OrtValue *value, void **out);
OrtStatus *ecg_ort_cast_type_info_to_tensor_info(const void *api, const OrtTypeInfo *info,
                                                 const OrtTensorTypeAndShapeInfo **out);
OrtStatus *ecg_ort_get_tensor_element_type(const void *api, const OrtTensorTypeAndShapeInfo *info, int *out);
OrtStatus *ecg_ort_get_dimensions_count(const void *api, const OrtTensorTypeAndShapeInfo *info, size_t *out);
OrtStatus *ecg_ort_get_dimensions(const void *api, const OrtTensorTypeAndShapeInfo *info, int64_t *values,
                                  size_t count);
OrtStatus *ecg_ort_get_symbolic_dimensions(const void *api, const OrtTensorTypeAndShapeInfo *info,
                                           const char **names, size_t count);
OrtStatus *ecg_ort_get_tensor_type_and_shape(const void *api, const OrtValue *value,
                                             OrtTensorTypeAndShapeInfo **out);
OrtStatus *ecg_ort_create_cpu_memory_info(const void *api, int allocator_type, int mem_type,
                                          OrtMemoryInfo **out);
OrtStatus *ecg_ort_allocator_free(const void *api, OrtAllocator *allocator, void *pointer);
OrtStatus *ecg_ort_get_allocator_with_default_options(const void *api, OrtAllocator **out);
void ecg_ort_release_env(const void *api, OrtEnv *value);
void ecg_ort_release_status(const void *api, OrtStatus *value);
void ecg_ort_release_memory_info(const void *api, OrtMemoryInfo *value);
void ecg_ort_release_session(const void *api, OrtSession *value);
void ecg_ort_release_value(const void *api, OrtValue *value);
void ecg_ort_release_type_info(const void *api, OrtTypeInfo *value);
void ecg_ort_release_tensor_type_and_shape_info(const void *api, OrtTensorTypeAndShapeInfo *value);
void ecg_ort_release_session_options(const void *api, OrtSessionOptions *value);

#endif
