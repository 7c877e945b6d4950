"""Workflow steps: function_executed events and functions.completeSuccess / completeError."""

from __future__ import annotations

import time
import uuid
from typing import Any, Dict, Iterable

from .rules import _SlackError


class Workflows:
    """Function executions started by a test and completed by the bot."""

    def _function_execution(self, args: Dict[str, Any]) -> Dict[str, Any]:
        execution = self.function_executions.get(str(args.get("function_execution_id") or ""))
        if execution is None:
            raise _SlackError("function_execution_not_found")
        if execution["state"] != "running":
            raise _SlackError("function_execution_already_completed")
        return execution

    def _functions_complete_success(self, args: Dict[str, Any]) -> Dict[str, Any]:
        execution = self._function_execution(args)
        outputs = args.get("outputs")
        if not isinstance(outputs, dict):
            raise _SlackError("invalid_arguments")
        missing = [name for name in execution["required_outputs"] if outputs.get(name) in (None, "")]
        if missing:
            raise _SlackError("invalid_arguments", response_metadata={"messages": [
                f"[ERROR] missing required output: {name}" for name in missing]})
        execution.update(state="completed", outputs=outputs)
        return {}

    def _functions_complete_error(self, args: Dict[str, Any]) -> Dict[str, Any]:
        execution = self._function_execution(args)
        if not args.get("error"):
            raise _SlackError("invalid_arguments")
        execution.update(state="failed", error=args["error"])
        return {}

    def function_executed(self, callback_id: str, inputs: Dict[str, Any], *,
                          required_outputs: Iterable[str] = ()) -> Dict[str, Any]:
        """A ``function_executed`` event (a workflow ran one of the app's steps), and the execution
        it starts: ``functions.completeSuccess`` / ``completeError`` must then be called once."""
        execution_id = self._new_id("Fx")
        self.function_executions[execution_id] = {"callback_id": callback_id, "inputs": inputs, "state": "running",
                                                  "required_outputs": list(required_outputs)}
        return {
            "type": "function_executed",
            "function": {"id": self._new_id("Fn"), "callback_id": callback_id, "title": callback_id,
                         "type": "app", "app_id": self.app_id, "input_parameters": [], "output_parameters": [],
                         "date_created": int(time.time()), "date_updated": 0, "date_deleted": 0},
            "inputs": inputs,
            "function_execution_id": execution_id,
            "workflow_execution_id": self._new_id("Wx"),
            "event_ts": f"{time.time():.6f}",
            "bot_access_token": f"xwfp-{uuid.uuid4().hex}",
        }
