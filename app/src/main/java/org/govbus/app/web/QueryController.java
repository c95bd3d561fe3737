package org.govbus.app.web;

import jakarta.servlet.http.HttpServletRequest;
import org.govbus.app.query.QueryResult;
import org.govbus.app.query.QueryService;
import org.govbus.app.security.Caller;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** SQL over the shared data. */
@RestController
@RequestMapping("/api/v1")
public class QueryController {

    private final QueryService queries;

    public QueryController(QueryService queries) {
        this.queries = queries;
    }

    @PostMapping("/query")
    public QueryResult query(@RequestBody QueryRequest request, HttpServletRequest http,
            @RequestHeader(name = "X-Purpose", required = false) String purpose) {
        Caller caller = (Caller) http.getAttribute(Caller.ATTRIBUTE);
        return queries.query(caller, purpose, request.sql(), request.params());
    }
}
