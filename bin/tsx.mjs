// Registers tsx's loader. `node --import tsx` would resolve tsx from the working directory; imported
// from here, it resolves from the project wherever the command is run.
import 'tsx';
