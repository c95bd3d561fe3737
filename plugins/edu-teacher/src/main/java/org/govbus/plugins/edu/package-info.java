/**
 * The reference route plugin: EDU's teacher qualification certificates, the legacy table {@code jszg_zsxx},
 * mapped to the canonical {@code TeacherCertificate}. Copy this package to onboard a department: it uses only
 * {@code org.govbus.core} (docs/plugins.md walks through it).
 */
package org.govbus.plugins.edu;
