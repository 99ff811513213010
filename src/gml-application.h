/* gml-application.h: the GmlApplication type.
 *
 * Copyright 2026 Go Memory Lab developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define GML_TYPE_APPLICATION (gml_application_get_type ())

G_DECLARE_FINAL_TYPE (GmlApplication, gml_application, GML, APPLICATION, AdwApplication)

GmlApplication *gml_application_new (const char        *application_id,
                                     GApplicationFlags  flags);

G_END_DECLS
