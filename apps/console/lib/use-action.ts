import { useCallback, useState } from "react";
import { fieldErrorsOf, messageOf, type FieldErrors } from "./errors";

/**
 * A write started from a button: what is running (`running` names the item,
 * e.g. the member being removed), its error, and a notice to show once done.
 * Each run clears the last error and notice first.
 */
export function useAction() {
  const [running, setRunning] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const run = useCallback(async (work: () => Promise<void>, item = "") => {
    setRunning(item);
    setError(null);
    setNotice(null);
    try {
      await work();
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setRunning(null);
    }
  }, []);

  return { busy: running !== null, running, error, setError, notice, setNotice, run };
}

/**
 * A form's submission: busy from the submit until the form is left (it stays
 * busy on success, while the page moves on; `setBusy(false)` when it stays,
 * asking for more), the error and the API's field errors when it fails.
 */
export function useSubmit() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<FieldErrors>({});

  const submit = useCallback(async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    setFields({});
    try {
      await work();
    } catch (err) {
      setError(messageOf(err));
      setFields(fieldErrorsOf(err));
      setBusy(false);
    }
  }, []);

  return { busy, setBusy, error, setError, fields, setFields, submit };
}
