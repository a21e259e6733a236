package org.pernodedrop.lab.engine.data;

/** Bad or missing data. The message names the file and the byte offset or line where it went wrong. */
public class DatasetException extends Exception {

    public DatasetException(String message) {
        super(message);
    }

    public DatasetException(String message, Throwable cause) {
        super(message, cause);
    }
}
