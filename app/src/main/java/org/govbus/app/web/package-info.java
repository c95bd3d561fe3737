/** The REST API under /api/v1 and its error answers. */
package org.govbus.app.web;
