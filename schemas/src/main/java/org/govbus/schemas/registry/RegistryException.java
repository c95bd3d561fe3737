package org.govbus.schemas.registry;

/**
 * A refusal of the registry, with the HTTP status and the error code Confluent Schema Registry gives for
 * it, so that its clients understand GovBus's answers unmodified.
 */
public class RegistryException extends RuntimeException {

    private final int status;
    private final int errorCode;

    public RegistryException(int status, int errorCode, String message) {
        super(message);
        this.status = status;
        this.errorCode = errorCode;
    }

    public int status() {
        return status;
    }

    public int errorCode() {
        return errorCode;
    }

    public static RegistryException subjectNotFound(String subject) {
        return new RegistryException(404, 40401, "Subject '" + subject + "' not found.");
    }

    public static RegistryException versionNotFound(String subject, Object version) {
        return new RegistryException(404, 40402, "Version " + version + " not found for subject '" + subject + "'.");
    }

    public static RegistryException schemaNotFound(String what) {
        return new RegistryException(404, 40403, "Schema " + what + " not found.");
    }

    public static RegistryException invalidSchema(String why) {
        return new RegistryException(422, 42201, "Invalid schema: " + why);
    }
}
