// The XGBoost C API as installed by Debian's libxgboost-dev (1.7.x).
#include <xgboost/c_api.h>
