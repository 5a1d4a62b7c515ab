// libdeflate (Debian: libdeflate-dev): post bodies are stored deflated.
#include <libdeflate.h>
