// The declaration of libFuzzer's driver lives in the header; SwiftPM needs a source file per C target.
#include "LibFuzzerDriver.h"
