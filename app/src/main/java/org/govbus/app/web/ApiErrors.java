package org.govbus.app.web;

import java.util.Map;
import org.govbus.app.query.QueryRefusedException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Errors as JSON a caller can act on: {@code {"error": "...", "message": "..."}}. */
@RestControllerAdvice
public class ApiErrors {

    @ExceptionHandler(QueryRefusedException.class)
    public ResponseEntity<Map<String, String>> refused(QueryRefusedException e) {
        return ResponseEntity.badRequest().body(Map.of("error", "query_refused", "message", e.getMessage()));
    }

    @ExceptionHandler(org.govbus.app.access.AccessException.class)
    public ResponseEntity<Map<String, String>> access(org.govbus.app.access.AccessException e) {
        return ResponseEntity.status(e.status()).body(Map.of("error", e.error(), "message", e.getMessage()));
    }

    @ExceptionHandler(IngestController.NotFound.class)
    public ResponseEntity<Map<String, String>> notFound(IngestController.NotFound e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "not_found", "message", e.getMessage()));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    public ResponseEntity<Map<String, String>> unreadable(HttpMessageNotReadableException e) {
        return ResponseEntity.status(HttpStatus.BAD_REQUEST)
                .body(Map.of("error", "bad_request", "message", "the body is not the JSON this endpoint takes"));
    }
}
