package org.govbus.app.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI description at {@code /v3/api-docs}: every endpoint, and the bearer token they need. */
@Configuration(proxyBeanMethods = false)
public class OpenApiConfig {

    @Bean
    public OpenAPI govBusOpenApi() {
        return new OpenAPI()
                .info(new Info().title("GovBus API").version("v1").description("Government data-sharing exchange bus: "
                        + "SQL over shared data (/api/v1/query) and the schema registry (/registry, Confluent Schema "
                        + "Registry API v1). Every call but health needs the bearer token of an agency's system."))
                .components(new Components().addSecuritySchemes("agency-token",
                        new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")))
                .addSecurityItem(new SecurityRequirement().addList("agency-token"));
    }
}
