// Calls into the ONNX Runtime function table by position (see ort_shim.h for where the positions come from).
#include "ort_shim.h"

// Any function pointer type converts to any other and back in C; the table holds function pointers.
typedef void (*AnyFunction)(void);

static AnyFunction entry(const void *api, enum ECGOrtSlot slot) { return ((const AnyFunction *)api)[slot]; }

// Declares a typed pointer F to entry SLOT with the given parameter list.
#define ENTRY(SLOT, RET, ...) RET (*F)(__VA_ARGS__) = (RET (*)(__VA_ARGS__))entry(api, SLOT)

const ECGOrtApiBase *ecg_ort_api_base(void *symbol) {
  if (symbol == NULL) return NULL;
  const ECGOrtApiBase *(*get_api_base)(void) = (const ECGOrtApiBase *(*)(void))(AnyFunction)symbol;
  return get_api_base();
}

OrtStatus *ecg_ort_create_status(const void *api, int code, const char *message) {
  ENTRY(ECG_ORT_CREATE_STATUS, OrtStatus *, int, const char *);
  return F(code, message);
}

int ecg_ort_get_error_code(const void *api, const OrtStatus *status) {
  ENTRY(ECG_ORT_GET_ERROR_CODE, int, const OrtStatus *);
  return F(status);
}

const char *ecg_ort_get_error_message(const void *api, const OrtStatus *status) {
  ENTRY(ECG_ORT_GET_ERROR_MESSAGE, const char *, const OrtStatus *);
  return F(status);
}

OrtStatus *ecg_ort_create_env(const void *api, int log_level, const char *log_id, OrtEnv **out) {
  ENTRY(ECG_ORT_CREATE_ENV, OrtStatus *, int, const char *, OrtEnv **);
  return F(log_level, log_id, out);
}

OrtStatus *ecg_ort_create_session(const void *api, const OrtEnv *env, const char *model_path,
                                  const OrtSessionOptions *options, OrtSession **out) {
  ENTRY(ECG_ORT_CREATE_SESSION, OrtStatus *, const OrtEnv *, const char *, const OrtSessionOptions *, OrtSession **);
  return F(env, model_path, options, out);
}

OrtStatus *ecg_ort_run(const void *api, OrtSession *session, const char *const *input_names,
                       const OrtValue *const *inputs, size_t input_count, const char *const *output_names,
                       size_t output_count, OrtValue **outputs) {
  ENTRY(ECG_ORT_RUN, OrtStatus *, OrtSession *, const void *, const char *const *, const OrtValue *const *, size_t,
        const char *const *, size_t, OrtValue **);
  return F(session, NULL, input_names, inputs, input_count, output_names, output_count, outputs);
}

OrtStatus *ecg_ort_create_session_options(const void *api, OrtSessionOptions **out) {
  ENTRY(ECG_ORT_CREATE_SESSION_OPTIONS, OrtStatus *, OrtSessionOptions **);
  return F(out);
}

OrtStatus *ecg_ort_set_graph_optimization_level(const void *api, OrtSessionOptions *options, int level) {
  ENTRY(ECG_ORT_SET_GRAPH_OPTIMIZATION_LEVEL, OrtStatus *, OrtSessionOptions *, int);
  return F(options, level);
}

OrtStatus *ecg_ort_set_intra_op_num_threads(const void *api, OrtSessionOptions *options, int threads) {
  ENTRY(ECG_ORT_SET_INTRA_OP_NUM_THREADS, OrtStatus *, OrtSessionOptions *, int);
  return F(options, threads);
}

OrtStatus *ecg_ort_set_inter_op_num_threads(const void *api, OrtSessionOptions *options, int threads) {
  ENTRY(ECG_ORT_SET_INTER_OP_NUM_THREADS, OrtStatus *, OrtSessionOptions *, int);
  return F(options, threads);
}

OrtStatus *ecg_ort_session_get_input_count(const void *api, const OrtSession *session, size_t *out) {
  ENTRY(ECG_ORT_SESSION_GET_INPUT_COUNT, OrtStatus *, const OrtSession *, size_t *);
  return F(session, out);
}

OrtStatus *ecg_ort_session_get_output_count(const void *api, const OrtSession *session, size_t *out) {
  ENTRY(ECG_ORT_SESSION_GET_OUTPUT_COUNT, OrtStatus *, const OrtSession *, size_t *);
  return F(session, out);
}

OrtStatus *ecg_ort_session_get_input_type_info(const void *api, const OrtSession *session, size_t index,
                                               OrtTypeInfo **out) {
  ENTRY(ECG_ORT_SESSION_GET_INPUT_TYPE_INFO, OrtStatus *, const OrtSession *, size_t, OrtTypeInfo **);
  return F(session, index, out);
}

OrtStatus *ecg_ort_session_get_output_type_info(const void *api, const OrtSession *session, size_t index,
                                                OrtTypeInfo **out) {
  ENTRY(ECG_ORT_SESSION_GET_OUTPUT_TYPE_INFO, OrtStatus *, const OrtSession *, size_t, OrtTypeInfo **);
  return F(session, index, out);
}

OrtStatus *ecg_ort_session_get_input_name(const void *api, const OrtSession *session, size_t index,
                                          OrtAllocator *allocator, char **out) {
  ENTRY(ECG_ORT_SESSION_GET_INPUT_NAME, OrtStatus *, const OrtSession *, size_t, OrtAllocator *, char **);
  return F(session, index, allocator, out);
}

OrtStatus *ecg_ort_session_get_output_name(const void *api, const OrtSession *session, size_t index,
                                           OrtAllocator *allocator, char **out) {
  ENTRY(ECG_ORT_SESSION_GET_OUTPUT_NAME, OrtStatus *, const OrtSession *, size_t, OrtAllocator *, char **);
  return F(session, index, allocator, out);
}

OrtStatus *ecg_ort_create_tensor_with_data(const void *api, const OrtMemoryInfo *info, void *data,
                                           size_t byte_count, const int64_t *shape, size_t rank,
                                           int element_type, OrtValue **out) {
  ENTRY(ECG_ORT_CREATE_TENSOR_WITH_DATA, OrtStatus *, const OrtMemoryInfo *, void *, size_t, const int64_t *, size_t,
        int, OrtValue **);
  return F(info, data, byte_count, shape, rank, element_type, out);
}

OrtStatus *ecg_ort_get_tensor_mutable_data(const void *api, OrtValue *value, void **out) {
  ENTRY(ECG_ORT_GET_TENSOR_MUTABLE_DATA, OrtStatus *, OrtValue *, void **);
  return F(value, out);
}

OrtStatus *ecg_ort_cast_type_info_to_tensor_info(const void *api, const OrtTypeInfo *info,
                                                 const OrtTensorTypeAndShapeInfo **out) {
  ENTRY(ECG_ORT_CAST_TYPE_INFO_TO_TENSOR_INFO, OrtStatus *, const OrtTypeInfo *, const OrtTensorTypeAndShapeInfo **);
  return F(info, out);
}

OrtStatus *ecg_ort_get_tensor_element_type(const void *api, const OrtTensorTypeAndShapeInfo *info, int *out) {
  ENTRY(ECG_ORT_GET_TENSOR_ELEMENT_TYPE, OrtStatus *, const OrtTensorTypeAndShapeInfo *, int *);
  return F(info, out);
}

OrtStatus *ecg_ort_get_dimensions_count(const void *api, const OrtTensorTypeAndShapeInfo *info, size_t *out) {
  ENTRY(ECG_ORT_GET_DIMENSIONS_COUNT, OrtStatus *, const OrtTensorTypeAndShapeInfo *, size_t *);
  return F(info, out);
}

OrtStatus *ecg_ort_get_dimensions(const void *api, const OrtTensorTypeAndShapeInfo *info, int64_t *values,
                                  size_t count) {
  ENTRY(ECG_ORT_GET_DIMENSIONS, OrtStatus *, const OrtTensorTypeAndShapeInfo *, int64_t *, size_t);
  return F(info, values, count);
}

OrtStatus *ecg_ort_get_symbolic_dimensions(const void *api, const OrtTensorTypeAndShapeInfo *info,
                                           const char **names, size_t count) {
  ENTRY(ECG_ORT_GET_SYMBOLIC_DIMENSIONS, OrtStatus *, const OrtTensorTypeAndShapeInfo *, const char **, size_t);
  return F(info, names, count);
}

OrtStatus *ecg_ort_get_tensor_type_and_shape(const void *api, const OrtValue *value,
                                             OrtTensorTypeAndShapeInfo **out) {
  ENTRY(ECG_ORT_GET_TENSOR_TYPE_AND_SHAPE, OrtStatus *, const OrtValue *, OrtTensorTypeAndShapeInfo **);
  return F(value, out);
}

OrtStatus *ecg_ort_create_cpu_memory_info(const void *api, int allocator_type, int mem_type,
                                          OrtMemoryInfo **out) {
  ENTRY(ECG_ORT_CREATE_CPU_MEMORY_INFO, OrtStatus *, int, int, OrtMemoryInfo **);
  return F(allocator_type, mem_type, out);
}

OrtStatus *ecg_ort_allocator_free(const void *api, OrtAllocator *allocator, void *pointer) {
  ENTRY(ECG_ORT_ALLOCATOR_FREE, OrtStatus *, OrtAllocator *, void *);
  return F(allocator, pointer);
}

OrtStatus *ecg_ort_get_allocator_with_default_options(const void *api, OrtAllocator **out) {
  ENTRY(ECG_ORT_GET_ALLOCATOR_WITH_DEFAULT_OPTIONS, OrtStatus *, OrtAllocator **);
  return F(out);
}

// Release entries take the object and return nothing; NULL is accepted by ONNX Runtime.
#define RELEASE(NAME, SLOT, TYPE)                        \
  void NAME(const void *api, TYPE *value) {              \
    ENTRY(SLOT, void, TYPE *);                           \
    F(value);                                            \
  }

RELEASE(ecg_ort_release_env, ECG_ORT_RELEASE_ENV, OrtEnv)
RELEASE(ecg_ort_release_status, ECG_ORT_RELEASE_STATUS, OrtStatus)
RELEASE(ecg_ort_release_memory_info, ECG_ORT_RELEASE_MEMORY_INFO, OrtMemoryInfo)
RELEASE(ecg_ort_release_session, ECG_ORT_RELEASE_SESSION, OrtSession)
RELEASE(ecg_ort_release_value, ECG_ORT_RELEASE_VALUE, OrtValue)
RELEASE(ecg_ort_release_type_info, ECG_ORT_RELEASE_TYPE_INFO, OrtTypeInfo)
RELEASE(ecg_ort_release_tensor_type_and_shape_info, ECG_ORT_RELEASE_TENSOR_TYPE_AND_SHAPE_INFO,
        OrtTensorTypeAndShapeInfo)
RELEASE(ecg_ort_release_session_options, ECG_ORT_RELEASE_SESSION_OPTIONS, OrtSessionOptions)
