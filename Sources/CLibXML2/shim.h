#ifndef NEWSREADER_LIBXML2_SHIM_H
#define NEWSREADER_LIBXML2_SHIM_H
// Debian's libxml2 headers enable ICU, whose headers clash with the ICU that
// Foundation brings (UErrorCode is defined twice). We never need libxml2's ICU
// API, so hide it before the parser headers are read.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlsave.h>
#include <libxml/uri.h>
#include <libxml/entities.h>
// The HTML renderer drives the parser through SAX (see HTML/HTMLStream.swift).
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/HTMLtree.h>

// libxml2's xmlFree is a global function pointer (a mutable C global, which
// Swift 6 refuses to read): freed through a function instead. Stateless.
static inline void nr_xml_free(void *pointer) { xmlFree(pointer); }
#endif
