package org.pernodedrop.lab.engine.report;

import org.pernodedrop.lab.engine.data.DatasetException;

/** The report's input is missing or unusable; the message names the file and, where known, the line. */
public class ReportException extends DatasetException {

    public ReportException(String message) {
        super(message);
    }

    public ReportException(String message, Throwable cause) {
        super(message, cause);
    }
}
