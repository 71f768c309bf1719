package cn.cunxin.features.unlock

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Box
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.widthIn
import androidx.compose.foundation.text.KeyboardActions
import androidx.compose.foundation.text.KeyboardOptions
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.semantics.heading
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.text.input.ImeAction
import androidx.compose.ui.text.input.KeyboardType
import androidx.compose.ui.text.input.PasswordVisualTransformation
import androidx.compose.ui.unit.dp
import cn.cunxin.api.FailureCode
import cn.cunxin.architecture.EventSink
import cn.cunxin.designsystem.LoadingPane
import cn.cunxin.designsystem.PrimaryButton
import cn.cunxin.designsystem.SecondaryButton
import cn.cunxin.designsystem.strings

@Composable
fun UnlockView(state: UnlockState, events: EventSink<UnlockEvent>, modifier: Modifier = Modifier) {
    val problem = state.problem
    Box(modifier.fillMaxSize().padding(24.dp), contentAlignment = Alignment.Center) {
        when {
            problem is UnlockProblem.Blocking -> Blocking(problem, events)
            state.mode == UnlockState.Mode.CHECKING -> LoadingPane()
            else -> Form(state, events)
        }
    }
}

@Composable
private fun Form(state: UnlockState, events: EventSink<UnlockEvent>) {
    val s = strings
    val creating = state.mode == UnlockState.Mode.CREATE
    Column(Modifier.widthIn(max = 520.dp).fillMaxWidth(), verticalArrangement = Arrangement.spacedBy(16.dp)) {
        Text(s.appName, style = MaterialTheme.typography.displayLarge, color = MaterialTheme.colorScheme.primary)
        Text(if (creating) s.createTitle else s.unlockTitle, Modifier.semantics { heading() }, style = MaterialTheme.typography.headlineMedium)
        Text(if (creating) s.createPrompt else s.unlockPrompt, style = MaterialTheme.typography.bodyLarge)
        val message = when (val p = state.problem) {
            UnlockProblem.WrongPassphrase -> s.failure(FailureCode.WRONG_PASSPHRASE)
            UnlockProblem.TooShort -> s.passphraseTooShort
            is UnlockProblem.Failed -> s.failure(p.failure.code, p.failure.retryAfterSeconds)
            else -> null
        }
        OutlinedTextField(
            value = state.passphrase,
            onValueChange = { events.onEvent(UnlockEvent.PassphraseChanged(it)) },
            modifier = Modifier.fillMaxWidth(),
            label = { Text(s.passphrase) },
            singleLine = true,
            enabled = !state.busy && state.waitSeconds == 0L,
            isError = message != null,
            supportingText = message?.let { { Text(it, style = MaterialTheme.typography.bodyMedium) } },
            visualTransformation = PasswordVisualTransformation(),
            keyboardOptions = KeyboardOptions(keyboardType = KeyboardType.Password, imeAction = ImeAction.Done),
            keyboardActions = KeyboardActions(onDone = { events.onEvent(UnlockEvent.Submit) }),
            textStyle = MaterialTheme.typography.bodyLarge,
        )
        if (state.failedAttempts > 0) Text(s.wrongTries(state.failedAttempts), style = MaterialTheme.typography.bodyMedium)
        if (state.waitSeconds > 0) {
            Text(s.failure(FailureCode.UNLOCK_DELAYED, state.waitSeconds), color = MaterialTheme.colorScheme.error, style = MaterialTheme.typography.bodyLarge)
        }
        PrimaryButton(
            if (state.busy) s.unlocking else if (creating) s.create else s.unlock,
            { events.onEvent(UnlockEvent.Submit) },
            Modifier.fillMaxWidth(),
            enabled = state.canSubmit,
        )
    }
}

@Composable
private fun Blocking(problem: UnlockProblem.Blocking, events: EventSink<UnlockEvent>) {
    val s = strings
    val title = when (problem.failure.code) {
        FailureCode.STORE_DAMAGED -> s.storeDamagedTitle
        FailureCode.STORE_IN_USE -> s.storeInUseTitle
        else -> s.storeTooNewTitle
    }
    Column(Modifier.widthIn(max = 560.dp).fillMaxWidth(), verticalArrangement = Arrangement.spacedBy(16.dp)) {
        Text(title, Modifier.semantics { heading() }, style = MaterialTheme.typography.headlineMedium, color = MaterialTheme.colorScheme.error)
        Text(s.failure(problem.failure.code), style = MaterialTheme.typography.bodyLarge)
        Text(s.details(problem.failure.detail), style = MaterialTheme.typography.bodyMedium, color = MaterialTheme.colorScheme.onSurfaceVariant)
        SecondaryButton(s.retry, { events.onEvent(UnlockEvent.Retry) })
    }
}
