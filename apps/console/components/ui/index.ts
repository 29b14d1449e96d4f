/** The pieces pages share, a file per control. */
export { Alert, WriteOutcome } from "./alert";
export { Avatar } from "./avatar";
export { ChoiceSelect } from "./choice-select";
export { Confirm } from "./confirm";
export { CreateForm } from "./create-form";
export { FieldError } from "./field-error";
export { InlineField } from "./inline-field";
export { ListHeader } from "./list-header";
export { ListTable } from "./list-table";
export { LoadFailed } from "./load-failed";
export { Pager } from "./pager";
export { RowRemoveButton } from "./row-remove-button";
export { SearchBox } from "./search-box";
export { Spinner } from "./spinner";
export { StatusBadge } from "./status-badge";
export { Suggestions } from "./suggestions";
export { TextField } from "./text-field";
