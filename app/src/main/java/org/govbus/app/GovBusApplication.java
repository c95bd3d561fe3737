package org.govbus.app;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Starts GovBus: {@code java -jar app/target/govbus.jar [--govbus.demo=true] [--govbus.data-dir=DIR]}; or checks
 * its audit log: {@code java -jar app/target/govbus.jar audit-verify [--govbus.data-dir=DIR]}.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class GovBusApplication {

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("audit-verify")) {
            System.exit(org.govbus.app.audit.AuditVerifyCommand.run(args, System.out));
        }
        SpringApplication.run(GovBusApplication.class, args);
    }
}
