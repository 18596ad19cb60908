// The ceiling as a plain loop writes it: axios decodes each page (raw-axios-loop.ts).
import { rawAxiosClient } from './raw-axios-loop';

rawAxiosClient('raw axios');
