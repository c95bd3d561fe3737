package org.govbus.app;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Starts GovBus: {@code java -jar app/target/govbus.jar [--govbus.demo=true] [--govbus.data-dir=DIR]}. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class GovBusApplication {

    public static void main(String[] args) {
        SpringApplication.run(GovBusApplication.class, args);
    }
}
